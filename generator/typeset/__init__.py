"""The typeset stage: ReportLab layout of composed text into laid-out documents."""

from ._deferred import install as _defer_slow_patterns

_defer_slow_patterns()
