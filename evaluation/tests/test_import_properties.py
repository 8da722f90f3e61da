"""Property: whatever bytes or wrong-but-well-formed CSV arrive, import raises a clear error or saves nothing."""

import csv
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from evaluation.bulk import responses_import
from evaluation.models import Answer, Response
from evaluation.services import questionnaire_import

# Rows without a _submitted_on are dated today, which must fall inside the round (autumn 2009).
pytestmark = pytest.mark.usefixtures("autumn")
HYPOTHESIS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

# Cells that are each wrong for some column of the small form (bad choices, types, ranges, skipped answers).
WRONG_CELLS = st.sampled_from(["other", "forty", "12", "999", "aa aa", "zz", "2009-13-45", "1e999", "NaN", "=1+1",
                               "\u00e9\u00e8", "-", "yes no", "male female", "31/02/2009"])  # fmt: skip
HEADERS = st.lists(
    st.sampled_from(["gender", "age", "previous", "which", "units", "first_meeting", "comments", "unknown", "_x"]),
    min_size=1,
    max_size=8,
)


def counts():
    return Response.objects.count(), Answer.objects.count()


def attempt(questionnaire, round_a, name: str, data: bytes) -> None:
    before = counts()
    try:
        responses_import(questionnaire=questionnaire, uploaded_file=SimpleUploadedFile(name, data), round=round_a)
    except ValidationError as exc:
        assert exc.messages and all(isinstance(m, str) and m for m in exc.messages)
        assert counts() == before
    else:  # random input that happens to be valid must at least have saved whole responses
        assert counts()[0] > before[0]


@HYPOTHESIS
@given(data=st.binary(max_size=2048), name=st.sampled_from(["a.csv", "a.xlsx", "a.txt", "a"]))
def test_random_bytes_never_raise_uncaught(questionnaire, round_a, data, name):
    attempt(questionnaire, round_a, name, data)


@HYPOTHESIS
@given(data=st.binary(max_size=2048))
def test_random_bytes_as_a_zip_never_raise_uncaught(questionnaire, round_a, data):
    attempt(questionnaire, round_a, "a.xlsx", b"PK\x03\x04" + data)


@HYPOTHESIS
@given(header=HEADERS, rows=st.lists(st.lists(WRONG_CELLS, min_size=1, max_size=8), min_size=1, max_size=6))
def test_well_formed_but_wrong_csvs_save_nothing(questionnaire, round_a, header, rows):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    before = counts()
    try:
        responses_import(
            questionnaire=questionnaire,
            uploaded_file=SimpleUploadedFile("a.csv", buffer.getvalue().encode()),
            round=round_a,
        )
    except ValidationError as exc:
        assert all(m.startswith(("row ", "The file")) for m in exc.messages), exc.messages
    else:
        raise AssertionError("no wrong cell can satisfy the required gender question, so nothing may be saved")
    assert counts() == before


@HYPOTHESIS
@given(data=st.binary(max_size=2048))
def test_random_bytes_as_an_xlsform_never_raise_uncaught(db, data):
    try:
        questionnaire_import(data=b"PK\x03\x04" + data)
    except ValidationError as exc:
        assert exc.messages
