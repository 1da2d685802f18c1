"""The indicator chart: each indicator's score in each year the data gives, as a PNG with Thai labels."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from ita_xl.core.thai import digits, fmt_score
from ita_xl.io.fonts import thai_font
from ita_xl.report.model import ChartData

# Dark for the assessment year, lighter for earlier years (prints well in grey too).
COLOURS = ("#e3e8ef", "#cdd6e3", "#b3c1d6", "#97aac7", "#7891b5", "#1f4e8c")


@cache
def load_pyplot():
    """matplotlib's pyplot, drawing into files (Agg), with the Thai font registered: loaded once,
    on the first chart (a second; the batch loads it before its workers fork)."""
    import matplotlib  # noqa: PLC0415 (optional dependency, heavy import)

    matplotlib.use("Agg")
    from matplotlib import font_manager  # noqa: PLC0415
    from matplotlib import pyplot as plt  # noqa: PLC0415

    font = thai_font()
    family = "sans-serif"
    if font.regular:
        font_manager.fontManager.addfont(str(font.regular))
        family = font_manager.FontProperties(fname=str(font.regular)).get_name()
    return plt, family


def render(chart: ChartData, path: str | Path, width_cm: float = 16.0) -> Path:
    plt, family = load_pyplot()
    n = chart.numerals
    # Thai has no spaces between words: never wrap a name (a wrap would cut a word in two).
    names = [digits(f"{no}. {name}", n) for no, name in chart.indicators]
    years = chart.years
    rows = len(names)
    height_cm = (0.46 + 0.2 * len(years)) * rows + (1.4 if len(years) == 1 else 2.0)
    with plt.rc_context({"font.family": family, "font.size": 13}):
        fig, ax = plt.subplots(figsize=(width_cm / 2.54, height_cm / 2.54), dpi=200)
        bar_h = 0.8 / len(years)
        for k, year in enumerate(years):
            back = len(years) - 1 - k  # 0 for the assessment year
            colour = COLOURS[max(0, len(COLOURS) - 1 - back)]
            ys, xs = [], []
            for r, (no, _) in enumerate(chart.indicators):
                score = chart.scores.get(year, {}).get(no)
                if score is not None:
                    # Earlier years above the assessment year within each indicator's band.
                    ys.append(r - 0.4 + bar_h * (k + 0.5))
                    xs.append(score)
            bars = ax.barh(ys, xs, height=bar_h * 0.9, color=colour, label=digits(f"ปี {year}", n))
            if year == years[-1]:
                for bar, x in zip(bars, xs):
                    ax.text(x + 1, bar.get_y() + bar.get_height() / 2, fmt_score(x, n), va="center", fontsize=11)
        ax.set_yticks(range(rows), names, fontsize=11)
        ax.invert_yaxis()
        ax.set_xlim(0, 116)
        ticks = list(range(0, 101, 20))
        ax.set_xticks(ticks, [digits(str(t), n) for t in ticks])
        ax.set_xlabel("คะแนน")
        ax.spines[["top", "right"]].set_visible(False)
        ax.grid(axis="x", color="#dddddd", linewidth=0.6)
        ax.set_axisbelow(True)
        if len(years) > 1:  # one year: the caption names it
            # two a row: four years in one row (or the third of three) ran past the figure's right edge
            ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=min(len(years), 2), frameon=False)
        _lay_out(fig, (tuple(names), tuple(years), n, width_cm, height_cm, family))
        path = Path(path)
        fig.savefig(path, format="png")
        plt.close(fig)
    return path


# The margins matplotlib's tight layout gives a chart, by what decides them: its labels (the
# indicators' names, the years of the legend), numerals, size and font. A bar's value stands inside
# the axes (up to 116 on the x axis), so no agency's scores move them: worked out once a year (a
# layout pass draws the whole figure: about a quarter of a chart's time), the same figure to the pixel.
_MARGINS: dict[tuple, dict[str, float]] = {}


def _lay_out(fig, key: tuple) -> None:
    margins = _MARGINS.get(key)
    if margins is not None:
        fig.subplots_adjust(**margins)
        return
    fig.tight_layout()
    p = fig.subplotpars
    if len(_MARGINS) < 64:
        _MARGINS[key] = {"left": p.left, "right": p.right, "top": p.top, "bottom": p.bottom,
                         "wspace": p.wspace, "hspace": p.hspace}
