"""The sites overview's sparklines carry their scale: the highest week and 0, as the reader may see them."""

from sites.templatetags.sites_tags import sparkline


def scale(html: str) -> list[str]:
    part = html[html.index('class="sparkline-scale"') :]
    return [bit.split("</span>")[0] for bit in part.split("<span>")[1:]]


def test_the_scale_shows_the_highest_week_and_zero():
    html = str(sparkline([0, 3, 13, 0]))
    assert scale(html) == ["13", "0"]
    assert 'aria-label="Weekly attendance, last 4 weeks: 0, 3, 13, 0"' in html
    assert '<line class="sparkline-axis"' in html


def test_a_hidden_highest_week_is_a_star_on_the_scale_too():
    assert scale(str(sparkline([0, "*", 0]))) == ["*", "0"]
    assert scale(str(sparkline([0, "*", 15, 0]))) == ["15", "0"]


def test_no_meetings_scale_to_zero_and_no_series_is_a_dash():
    assert scale(str(sparkline([0, 0, 0]))) == ["0", "0"]
    assert sparkline([]) == "–"
