"""import_responses for a questionnaire with no round: one message saying so and how to open one, or
--new-round opening it, all or nothing with the import."""

import pytest
from django.core.management import CommandError, call_command

from evaluation.bulk import ImportFailed, responses_import
from evaluation.models import CollectionRound, Response
from pilot.models import AuditEntry

pytestmark = pytest.mark.usefixtures("autumn")  # today is 15 October 2009
GOOD = "gender,age,_submitted_on\nmale,40,2008-11-03\nfemale,52,2008-11-10\n"


@pytest.fixture
def paper(tmp_path):
    path = tmp_path / "paper-returns-2008.csv"
    path.write_text(GOOD)
    return str(path)


def run(*args):
    call_command("import_responses", "checkin", *args)


def test_without_a_round_says_only_that_and_how_to_open_one(questionnaire, paper, capsys):
    with pytest.raises(CommandError) as info:
        run(paper)
    message = str(info.value)
    assert message.startswith("checkin has no collection round yet")
    assert "--new-round NAME --site SLUG" in message and "questionnaire's page" in message
    assert "no question of that name" not in message and capsys.readouterr().err == ""
    assert not Response.objects.exists()


def test_the_import_page_says_the_same_first_and_only(questionnaire):
    from django.core.files.uploadedfile import SimpleUploadedFile

    with pytest.raises(ImportFailed) as info:
        responses_import(questionnaire=questionnaire, uploaded_file=SimpleUploadedFile("a.csv", GOOD.encode()))
    assert info.value.messages == [
        "This questionnaire has no collection round yet: open a round first, then import into it."
    ]


def test_new_round_opens_a_round_and_imports_into_it(questionnaire, group_a, paper, capsys):
    run(paper, "--new-round", "Autumn 2008 paper", "--site", "alpha", "--group", str(group_a.pk),
        "--opens", "2008-11-01", "--closes", "2008-11-30")  # fmt: skip
    new = CollectionRound.objects.get()
    assert (new.name, new.site, new.group, new.version) == ("Autumn 2008 paper", group_a.site, group_a,
                                                            questionnaire.current_version)  # fmt: skip
    assert (str(new.opens_on), str(new.closes_on)) == ("2008-11-01", "2008-11-30")
    assert Response.objects.filter(round=new).count() == 2
    out = capsys.readouterr().out
    assert f"Opened round {new.pk} 'Autumn 2008 paper'" in out and "Imported 2 responses" in out
    assert AuditEntry.objects.filter(action="create", target_type="evaluation.CollectionRound").count() == 1


def test_without_dates_the_new_round_is_today_only(questionnaire, site_a, tmp_path):
    path = tmp_path / "today.csv"
    path.write_text("gender,age\nmale,40\n")
    run(str(path), "--new-round", "Handed out today", "--site", "alpha")
    new = CollectionRound.objects.get()
    assert str(new.opens_on) == str(new.closes_on) == "2009-10-15" and new.group is None


def test_a_file_that_fails_leaves_no_round_behind(questionnaire, site_a, tmp_path, capsys):
    bad = tmp_path / "bad.csv"
    bad.write_text("gender,age,_submitted_on\nother,40,2008-11-03\n")
    with pytest.raises(CommandError, match="nothing was imported and no round was opened"):
        run(
            str(bad),
            "--new-round",
            "Autumn 2008",
            "--site",
            "alpha",
            "--opens",
            "2008-11-01",
            "--closes",
            "2008-11-30",
        )
    assert "row 2, column gender:" in capsys.readouterr().err
    assert not CollectionRound.objects.exists() and not Response.objects.exists()
    assert not AuditEntry.objects.filter(target_type="evaluation.CollectionRound").exists()


AT_ALPHA = ["--new-round", "R", "--site", "alpha"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--new-round", "R", "--site", "nowhere"], "--site: no host site has the slug 'nowhere'. Sites: alpha, beta"),
        (["--new-round", "R"], "--new-round needs --site SLUG"),
        (["--new-round", "  ", "--site", "alpha"], "--new-round: give the round a name"),
        ([*AT_ALPHA, "--group", "999999"], "--group: there is no group 999999"),
        ([*AT_ALPHA, "--group", "{group_b}"], "(group {group_b}) is not a group of"),
        ([*AT_ALPHA, "--opens", "2008-11-01"], "Give both --opens and --closes"),
        ([*AT_ALPHA, "--opens", "1/11/08", "--closes", "2008-11-30"],
         "--opens: '1/11/08' is not a date; write it as YYYY-MM-DD"),
        ([*AT_ALPHA, "--opens", "1999-11-01", "--closes", "1999-11-30"],
         "--opens: Enter a date in 2000 or later."),
        ([*AT_ALPHA, "--opens", "2008-11-30", "--closes", "2008-11-01"],
         "--closes: the round must close on or after the day it opens"),
        (["--site", "alpha"], "--site describe a new round: add --new-round NAME"),
        (["--round", "1", "--new-round", "R", "--site", "alpha"], "Choose --round ROUND_ID or --new-round"),
    ],
)  # fmt: skip
def test_bad_new_round_values_are_answered_clearly_and_nothing_is_saved(
    questionnaire, site_a, site_b, group_b, paper, args, message
):
    args = [a.replace("{group_b}", str(group_b.pk)) for a in args]
    with pytest.raises(CommandError) as info:
        run(paper, *args)
    assert message.replace("{group_b}", str(group_b.pk)) in str(info.value)
    assert not CollectionRound.objects.exists() and not Response.objects.exists()
