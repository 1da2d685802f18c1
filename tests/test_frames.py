import pandas as pd
import pytest

from ita_xl.io.frameworks import analyze
from ita_xl.io.frames import result_frames, scores_from_frame
from ita_xl.core.model import AgencyCase, Org
from ita_xl.errors import InputError


def test_result_frames_match_the_result(sample_result):
    f = result_frames(sample_result)
    assert list(f["indicators"]["no"]) == list(range(1, 11))
    assert f["indicators"].set_index("no").loc[6, "computed"] == 86.47
    assert len(f["plan"]) == len(sample_result.plan)
    q = f["questions"]
    assert set(q.loc[q["focus"], "code"]) == {c for i in sample_result.issues for c in i.focus}
    assert (f["findings"]["severity"] == "error").sum() == sum(x.severity == "error" for x in sample_result.findings)


def test_scores_from_frame_validates_like_files():
    df = pd.DataFrame({"code": ["i1", "i2", None], "score": [100, 97.5, None]})
    s = scores_from_frame(df, 2566)
    assert s.questions == {"i1": 100.0, "i2": 97.5}
    assert analyze(AgencyCase(Org("x"), s)).indicators[0].missing  # indicator 1 has more questions
    with pytest.raises(InputError) as e:
        scores_from_frame(pd.DataFrame({"code": ["i1", "i2"], "score": [100, 101]}), 2566, "frame")
    assert e.value.row == 3 and "outside" in e.value.message_en
    with pytest.raises(InputError, match="missing columns"):
        scores_from_frame(pd.DataFrame({"x": [1]}), 2566)
