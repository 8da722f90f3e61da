"""Exports for statistics packages: each file read back has the names, labels, value labels and frequencies of
the summary."""

import datetime
import io
import tempfile
import zipfile
from pathlib import Path

import pandas as pd
import pyreadstat
import pytest
from django.urls import reverse

from evaluation.datasets import dataset_variables, legal_name, write_dta, write_names, write_r_bundle, write_sav
from evaluation.models import Response
from evaluation.summary import questionnaire_summary
from pilot.models import AuditEntry

TABLE = reverse("evaluation:responses", args=["checkin"])


def read(body: bytes, reader):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "file"
        path.write_bytes(body)
        return reader(str(path))


@pytest.fixture
def answered(questionnaire, round_a, round_b, answer):
    """Four responses: two at site A (one with nothing to `which`, skipped), two at site B."""
    answer(round_a, first_meeting=datetime.date(2009, 10, 1), units="2.5")
    answer(round_a, previous="no", which=[], gender="female", comments="=1+2")
    answer(round_b, which=["na"], age=30)
    answer(round_b, gender="female", previous="", which=[], comments="")
    return questionnaire


def frequencies_match_summary(frame, variables, summary, package):
    """Every choice's count, and the number answering, read from the file equal the summary's."""
    tables = {q["name"]: q for q in summary["questions"]}
    assert len(frame) == summary["responses"]
    checked = 0
    for variable in variables:
        if not variable.question:
            continue
        table = tables[variable.question]
        column = frame[variable.names[package]]
        if variable.kind == "category":
            counts = {c["name"]: c["count"] for c in table["choices"]}
            for choice, code in variable.codes.items():
                assert int((column == code).sum()) == counts[choice], (variable.key, choice)
            assert int(column.notna().sum()) == table["answered"], variable.key
            checked += 1
        elif variable.kind == "binary":
            count = next(c["count"] for c in table["choices"] if c["name"] == variable.choice)
            assert int((column == 1).sum()) == count, variable.key
            assert int(column.notna().sum()) == table["answered"], variable.key
            checked += 1
        elif variable.kind in ("integer", "decimal"):
            assert int(column.notna().sum()) == table["answered"], variable.key
            if table["answered"]:
                assert column.min() == table["min"] and column.max() == table["max"]
            checked += 1
    assert checked >= 6


def test_sav_has_names_labels_value_labels_and_the_summarys_frequencies(answered):
    frame, meta = read(write_sav(answered, Response.objects.all()), pyreadstat.read_sav)
    assert meta.column_names == ["gender", "age", "previous", "which_aa", "which_na", "which_nhs", "units",
                                 "first_meeting", "comments", "round", "site", "group", "date", "paper"]  # fmt: skip
    labels = meta.column_names_to_labels
    assert labels["age"] == "How old are you?"
    assert labels["which_nhs"] == "Which ones?: An NHS group"
    assert labels["round"] == "Collection round"
    assert meta.variable_value_labels["gender"] == {1: "Male", 2: "Female"}
    assert meta.variable_value_labels["which_aa"] == {0: "Not chosen", 1: "Chosen"}
    assert meta.variable_value_labels["paper"] == {0: "Online", 1: "Paper"}
    assert set(meta.variable_value_labels["round"].values()) == {"Autumn A", "Autumn B"}
    assert meta.original_variable_types["first_meeting"].startswith("DATE")
    assert meta.original_variable_types["age"] == "F8.0"
    # skipped (previous = no) and unanswered: missing, not 0
    assert frame["which_aa"].isna().sum() == 2
    assert frame["first_meeting"].tolist()[0] == datetime.date(2009, 10, 1)
    assert frame["comments"].tolist()[1] == "=1+2"  # not a spreadsheet: text exactly as answered
    variables = dataset_variables(answered)
    frequencies_match_summary(frame, variables, questionnaire_summary(questionnaire=answered), "spss")


def test_dta_read_by_pyreadstat_and_pandas_has_the_labels_and_frequencies(answered):
    body = write_dta(answered, Response.objects.all())
    frame, meta = read(body, pyreadstat.read_dta)
    assert meta.column_names_to_labels["which_na"] == "Which ones?: NA"
    assert meta.variable_value_labels["previous"] == {1: "Yes", 2: "No"}
    variables = dataset_variables(answered)
    frequencies_match_summary(frame, variables, questionnaire_summary(questionnaire=answered), "stata")
    with pd.io.stata.StataReader(io.BytesIO(body)) as reader:
        labelled = reader.read()
        variable_labels = reader.variable_labels()
    assert variable_labels["gender"] == "Are you"
    summary = {q["name"]: q for q in questionnaire_summary(questionnaire=answered)["questions"]}
    counts = labelled["gender"].value_counts().to_dict()
    assert counts == {c["label"]: c["count"] for c in summary["gender"]["choices"]}
    assert str(labelled["first_meeting"].dtype).startswith("datetime64")
    assert labelled["site"].notna().all()


def test_filters_of_the_csv_export_apply_and_the_export_is_audited(client_for, evaluator, answered, round_b):
    response = client_for(evaluator).get(TABLE, {"export": "sav", "site": round_b.site.pk})
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('.sav"')
    frame, meta = read(response.content, pyreadstat.read_sav)
    summary = questionnaire_summary(questionnaire=answered, site=round_b.site)
    assert len(frame) == summary["responses"] == 2
    frequencies_match_summary(frame, dataset_variables(answered), summary, "spss")
    entry = AuditEntry.objects.filter(action="export").latest("pk")
    assert entry.detail == "sav export of responses" and entry.actor == evaluator


@pytest.mark.parametrize("kind", ["sav", "dta", "r", "names"])
def test_only_evaluators_and_coordinators_in_scope(client, client_for, personas, round_a, answer, kind):
    answer(round_a)
    for who in ("coordinator", "evaluator"):
        assert client_for(personas[who]).get(TABLE, {"export": kind}).status_code == 200, who
    for who in ("site_contact_a", "facilitator_a", "observer"):
        assert client_for(personas[who]).get(TABLE, {"export": kind}).status_code == 403, who
    for who in ("site_contact_b", "facilitator_b"):  # another site's users: the questionnaire is out of scope
        assert client_for(personas[who]).get(TABLE, {"export": kind}).status_code == 404, who
    assert "/accounts/login/" in client.get(TABLE, {"export": kind})["Location"]
    assert AuditEntry.objects.filter(action="export", detail=f"{kind} export of responses").count() == 2


def test_r_bundle_holds_codes_labels_and_a_script_that_reads_them(answered):
    bundle = zipfile.ZipFile(io.BytesIO(write_r_bundle(answered, Response.objects.all())))
    assert sorted(bundle.namelist()) == ["read_responses.R", "responses.csv", "value_labels.csv",
                                         "variable_names.csv", "variables.csv"]  # fmt: skip
    data = pd.read_csv(bundle.open("responses.csv"), keep_default_na=False, dtype=str)
    variables = pd.read_csv(bundle.open("variables.csv"), keep_default_na=False, dtype=str)
    labels = pd.read_csv(bundle.open("value_labels.csv"), keep_default_na=False, dtype=str)
    assert list(data.columns) == list(variables["name"])
    kinds = dict(zip(variables["name"], variables["type"], strict=True))
    assert (kinds["gender"], kinds["which_aa"], kinds["first_meeting"], kinds["round"]) == (
        "category", "binary", "date", "category")  # fmt: skip
    gender = labels[labels["name"] == "gender"]
    assert dict(zip(gender["code"], gender["label"], strict=True)) == {"1": "Male", "2": "Female"}
    assert data["gender"].tolist() == ["1", "2", "1", "2"]
    assert data["which_aa"].tolist() == ["1", "", "0", ""]  # skipped or unanswered: blank, read as NA
    assert data["first_meeting"].tolist()[0] == "2009-10-01"
    assert data["comments"].tolist()[1] == "'=1+2"  # protected in a CSV; the script takes the ' off
    script = bundle.read("read_responses.R").decode()
    assert "factor(x, levels = codes$code, labels = unprotect(codes$label))" in script
    assert "Male" not in script  # the script is the same for every questionnaire: no data is written into code


def test_names_are_made_legal_for_each_package_and_mapped():
    taken = {"spss": set(), "stata": set(), "r": set()}
    long = "how_often_did_you_attend_meetings_in_the_last_three_months_before_today"
    names = {p: [legal_name(raw, p, taken[p]) for raw in ("with", "1st", "a-b.c", long, long, "Été", "in")]
             for p in taken}  # fmt: skip
    assert names["spss"][:3] == ["v_with", "v_1st", "a_b_c"]
    assert names["stata"][:3] == ["v_with", "v_1st", "a_b_c"]
    assert names["r"][:3] == ["with", "v_1st", "a_b_c"]
    assert len(names["stata"][3]) == 32 and len(names["stata"][4]) == 32 and names["stata"][4].endswith("_2")
    assert len(names["spss"][3]) == 64 and names["r"][3] == long and names["r"][4] == long + "_2"
    assert names["spss"][5] == "Ete" and names["stata"][6] == "v_in" and names["spss"][6] == "in"


def test_mapping_lists_each_variable_with_its_question_and_choice(answered):
    rows = write_names(answered).decode("utf-8-sig").splitlines()
    assert rows[0] == "question,choice,label,spss,stata,r"
    assert "which,nhs,Which ones?: An NHS group,which_nhs,which_nhs,which_nhs" in rows
    assert "(round),,Collection round,round,round,round" in rows


def test_a_question_named_like_a_response_variable_keeps_its_name(group_a):
    from evaluation.services import questionnaire_import
    from evaluation.tests.factories import xlsform_bytes

    survey = [["date", "date", "When did you start?"], ["integer", "site", "How many sites?"]]
    version = questionnaire_import(data=xlsform_bytes(survey=survey, choices=[], settings={"form_id": "clash"}))
    names = [v.names["spss"] for v in dataset_variables(version.questionnaire)]
    assert names == ["date", "site", "round", "site_2", "group", "date_2", "paper"]


@pytest.mark.parametrize(("writer", "reader", "date_format"), [(write_sav, pyreadstat.read_sav, "DATE11"),
                                                              (write_dta, pyreadstat.read_dta, "%td")])  # fmt: skip
def test_dates_stay_dates_with_no_date_answered_and_with_no_responses(questionnaire, round_a, answer, writer, reader,
                                                                      date_format):  # fmt: skip
    for responses in (Response.objects.none(), Response.objects.all()):
        answer(round_a)  # first_meeting unanswered
        frame, meta = read(writer(questionnaire, responses), reader)
        assert meta.original_variable_types["first_meeting"] == date_format
        assert meta.original_variable_types["date"] == date_format
        assert frame["first_meeting"].isna().all()


def test_export_uses_a_fixed_number_of_queries(questionnaire, round_a, answer, django_assert_max_num_queries):
    answer(round_a)
    with django_assert_max_num_queries(12) as one:
        write_sav(questionnaire, Response.objects.all())
    for _ in range(30):
        answer(round_a)
    with django_assert_max_num_queries(len(one.captured_queries)):
        body = write_sav(questionnaire, Response.objects.all())
    assert len(read(body, pyreadstat.read_sav)[0]) == 31
