"""Chart drawing: bars, margins fitted without a layout engine, embedded formats."""

from __future__ import annotations

import pytest

from countybrief.briefing import charts, theme


def _extents(fig):
    """Window extents (pixels) of every visible text of a drawn figure, and the figure's."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    renderer = canvas.get_renderer()
    ax = fig.axes[0]
    lo, hi = sorted(ax.get_xlim())
    xticks = [t for t in ax.get_xticklabels() if lo <= t.get_position()[0] <= hi]  # drawn ones
    texts = [*ax.get_yticklabels(), *xticks, *ax.texts, ax.title, ax._left_title, ax.xaxis.label]
    boxes = [t.get_window_extent(renderer) for t in texts if t.get_visible() and t.get_text()]
    for legend in fig.legends:
        boxes.append(legend.get_window_extent(renderer))
    return boxes, fig.bbox


@pytest.mark.parametrize("labels", [
    ["贫困发生率 · 2017", "贫困发生率 · 2018"],
    ["Poverty-alleviation funds and investment · 2017", "Loans · 2018"],
    ["Poverty-alleviation funds and investment · 2016 (#14) [approx.]",
     "Households receiving poverty loans and interest subsidies in the county · 2016 (#15)"],
])
def test_fitted_chart_keeps_every_text_inside_the_figure(labels):
    theme.apply_theme()
    fig = charts._figure(len(labels))
    ax = fig.subplots()
    charts.hbars(ax, labels, [(None, [6.9, 4.7], ["RMB 6.9 billion", "RMB 4.7 billion"], "C0")])
    charts.finish_hbars(ax, "Funding: amounts", "amount (RMB billion)", margin=0.05)
    charts.fit_margins(fig)
    boxes, figure = _extents(fig)
    assert len(boxes) >= 2 + 2 + 2  # tick labels, bar labels, title
    for box in boxes:
        assert box.x0 >= figure.x0 - 0.5 and box.x1 <= figure.x1 + 0.5, box
        assert box.y0 >= figure.y0 - 0.5 and box.y1 <= figure.y1 + 0.5, box


def test_bars_keep_category_order_and_label_each_series():
    theme.apply_theme()
    fig = charts._figure(4)
    ax = fig.subplots()
    charts.hbars(ax, ["脱贫（2018）", "搬迁（2018）"],
                 [("户数", [10.0, 3.0], ["10户", "3户"], "C0"),
                  ("人数", [30.0, float("nan")], ["30人", "—"], "C1")], width=0.7)
    charts.legend_below(fig, [("户数", "C0"), ("人数", "C1")])
    assert [t.get_text() for t in ax.get_yticklabels()] == ["脱贫（2018）", "搬迁（2018）"]
    assert ax.get_ylim()[0] > ax.get_ylim()[1]  # first category on top
    assert [t.get_text() for t in ax.texts] == ["10户", "3户", "30人", ""]  # no label on a NaN bar
    charts.fit_margins(fig)
    boxes, figure = _extents(fig)
    legend = boxes[-1]
    renderer = fig.canvas.get_renderer()
    lo, hi = sorted(ax.get_xlim())
    xticks = [t.get_window_extent(renderer) for t in ax.get_xticklabels()
              if lo <= t.get_position()[0] <= hi and t.get_text()]
    assert xticks and legend.y0 >= figure.y0 - 0.5
    assert legend.y1 <= min(t.y0 for t in xticks) + 0.5  # under the x tick labels


def test_figure_formats():
    theme.apply_theme()
    fig = charts._figure(2)
    ax = fig.subplots()
    charts.hbars(ax, ["甲", "乙"], [(None, [1.0, 2.0], ["1", "2"], "C0")])
    svg = charts.figure_bytes(fig, "svg")
    assert svg.lstrip().startswith(b"<?xml") and b"<svg" in svg
    text = svg.decode("utf-8")
    assert ">甲</text>" in text  # text stays text (svg.fonttype: none)
    assert "font-family: 'Noto Sans CJK SC'" in text and "sans-serif" in text  # and a fallback
    assert charts.figure_bytes(fig, "png").startswith(b"\x89PNG")
    with pytest.raises(ValueError, match="unknown chart format 'gif'"):
        charts.figure_bytes(fig, "gif")
    html = charts.figure_html(charts.Chart("k", "标题 <1>", fig))
    assert 'src="data:image/svg+xml;base64,' in html and 'alt="标题 &lt;1&gt;"' in html


def test_long_bar_labels_go_on_more_lines():
    theme.apply_theme()
    assert charts.wrap_label("贫困发生率 · 2017") == "贫困发生率 · 2017"  # short: as it is
    long = "Poverty-alleviation funds and investment · 2016 (#14) [approx.]"
    assert charts.wrap_label(long).split("\n") == [
        "Poverty-alleviation funds and investment", "2016 (#14) [approx.]"]
    no_dot = "households receiving subsidised loans for their own businesses in 2016"
    first, second = charts.wrap_label(no_dot).split("\n")
    assert f"{first} {second}" == no_dot and abs(len(first) - len(second)) < 12
    both = "Households receiving poverty loans and interest subsidies in the county · 2016"
    assert charts.wrap_label(both).split("\n") == [
        "Households receiving poverty loans", "and interest subsidies in the county", "2016"]
    fig = charts._figure(2)
    height = fig.get_figheight()
    ax = fig.subplots()
    charts.hbars(ax, [long, "Loans · 2018"], [(None, [1.0, 2.0], ["1", "2"], "C0")])
    assert fig.get_figheight() > height  # room for the second line
