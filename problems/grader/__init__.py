"""The grader package; `from interviewhub.problems.grader import Grader, ACCEPTED, ...` as before."""

from .grader import Grader
from .protocol import HARNESS_VERSION, Channel
from .verdicts import (
    ACCEPTED,
    CE,
    MLE,
    NOT_RUN,
    OLE,
    RE,
    STDERR_TAIL,
    TLE,
    VERDICTS,
    WRONG,
    GradeError,
    GradeResult,
    TestResult,
    check,
    same,
)

__all__ = [
    "ACCEPTED",
    "CE",
    "HARNESS_VERSION",
    "MLE",
    "NOT_RUN",
    "OLE",
    "RE",
    "STDERR_TAIL",
    "TLE",
    "VERDICTS",
    "WRONG",
    "Channel",
    "GradeError",
    "GradeResult",
    "Grader",
    "TestResult",
    "check",
    "same",
]
