"""What a batch hands around: its jobs and options, each agency's outcome, the report; the names of
the files it leaves in the output folder. Shared by every part of the batch (inputs, planning, the
task, running, the summary), which import this rather than each other where they can."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from ita_xl.core.model import AgencyCase
from ita_xl.errors import InputError
from ita_xl.io.frameworks import KNOWN, Frameworks

STAGING = ".ita-xl-staging"
SUMMARY_NAME = "summary.xlsx"
FAILURES_CSV = "summary-failures.csv"  # written when summary.xlsx cannot be

WRITTEN, REFRESHED, UP_TO_DATE, FAILED = "written", "refreshed", "up to date", "failed"


@dataclass
class Job:
    """One agency to (re)generate: ``case`` alone writes a new workbook; ``workbook`` refreshes that
    file in place (``out`` is the same file), with ``case``'s scores imported first when given."""

    out: str
    source: str
    case: AgencyCase | None = None
    workbook: str | None = None
    skip: bool = False  # resume: the output is newer than its input; or made from these inputs and untouched
    stamp: str | None = None  # the hash of its inputs, when the planner worked it out
    record: bool = False  # record the hash of its inputs beside the outputs (see .stamps)


@dataclass
class Options:
    """What every task needs besides its jobs; small and picklable."""

    runtime: str = "desktop"
    # another workbook writer, ``writer(case, out_path, runtime=...)``, a module's function (it is
    # pickled by name for the workers); None: the workbooks' own (ita_xl.xlsx.template)
    writer: Callable | None = None
    reports: bool = False  # also each agency's report, DOCX and PDF, beside its workbook
    frameworks: Frameworks = KNOWN  # those given (--framework) before the known years'


@dataclass
class Outcome:
    """One summary row."""

    org_id: str
    name: str
    org_type: str
    province: str
    source: str
    out: str = ""
    status: str = FAILED
    message: str = ""
    tools: dict[str, float | None] = field(default_factory=dict)
    total: float | None = None
    level: str | None = None
    weakest: str = ""
    errors: int = 0
    warnings: int = 0
    fault: bool = False  # failed on a file-system fault (full disk, read-only…): exit status 2
    stamp: str | None = None  # the job's input hash, when its workbook is now made from those inputs
    made: tuple[int, int] | None = None  # its workbook's (size, mtime_ns) right after the job wrote it
    # for the summary's tables across agencies (ita_xl.batch.tables):
    year: int | None = None  # the assessment year (BE)
    level_rank: int | None = None  # the level's place in the year's levels, 0 the highest
    indicators: dict[tuple[int, str], float] = field(default_factory=dict)  # (no, name) -> score, scored ones

    @property
    def failed(self) -> bool:
        return self.status == FAILED


@dataclass
class Report:
    outcomes: list[Outcome]
    seconds: float
    bad_inputs: list[InputError] = field(default_factory=list)
    summary: str = ""
    summary_error: InputError | None = None  # summary.xlsx could not be written
    failures_csv: str = ""  # where the failures went instead

    @property
    def failures(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.failed]

    @property
    def exit_status(self) -> int:
        """2 when a whole input could not be read or the file system failed, 1 when an agency
        failed, else 0."""
        if self.bad_inputs or self.summary_error is not None or any(o.fault for o in self.outcomes):
            return 2
        return 1 if self.failures else 0
