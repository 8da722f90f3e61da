"""End to end: an evaluator downloads the responses for SPSS and the codebook from the pages' links."""

import datetime

import pyreadstat
import pytest

from evaluation.services import response_create
from evaluation.tests.factories import CollectionRoundFactory, QuestionnaireFactory
from pilot.testing.browser import login
from pilot.tests.factories import PASSWORD

pytestmark = pytest.mark.browser


def test_evaluator_downloads_spss_file_and_codebook(browser_page, evaluator, group_a, tmp_path):
    round_a = CollectionRoundFactory(questionnaire=QuestionnaireFactory(), group=group_a, site=group_a.site)
    response_create(round=round_a, values={"gender": "female", "age": 52, "previous": "no"},
                    submitted_on=datetime.date(2009, 10, 20), is_paper=True)  # fmt: skip
    page, base_url = browser_page
    login(page, base_url, evaluator.username, PASSWORD)
    page.goto(f"{base_url}/evaluation/checkin/responses/")
    with page.expect_download() as download:
        page.get_by_role("link", name="SPSS (.sav)").click()
    path = tmp_path / download.value.suggested_filename
    download.value.save_as(path)
    frame, meta = pyreadstat.read_sav(str(path))
    assert meta.value_labels and frame["gender"].tolist() == [2.0]
    page.goto(f"{base_url}/evaluation/checkin/")
    with page.expect_download() as download:
        page.locator('a[href$="codebook/?format=pdf"]').click()
    assert download.value.suggested_filename.endswith("-codebook.pdf")
