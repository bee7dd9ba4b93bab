"""Targets that compute themselves: typed norms on a measure, and whether they are met.

A measure's result is verbatim text ("Twee keer per jaar wordt een integrale
bedrijvencontrole gehouden."). Beside it, the measure's ``targets`` state the norms in that
text as data, and progress entries carry the figures to check them with: ``count``
(activities held, units covered, a deliverable delivered) and ``value`` (a measurement).

=============  ===========================================================  =================
kind           norm                                                         entries carry
=============  ===========================================================  =================
frequency      at least ``count`` activities per ``per`` (week, month,      count
               quarter, half_year, year, two_years)
threshold      an indicator moves from a ``baseline`` (value, date) to a    value
               ``target`` (value, date), ``direction`` increase or decrease
comparison     an indicator per period against the previous period, or a    value
               fixed ``reference`` year (at_least, at_most, more, less)
coverage       ``percent`` of a population per period                      count (covered),
                                                                            value (its size)
coverage       at least ``per_occasion`` units at each occasion             value (per occasion)
deliverable    delivered by ``due``                                         count (1: delivered)
=============  ===========================================================  =================

Periods
-------
Periods are calendar periods: ISO weeks (Monday to Sunday), calendar months, quarters, half
years (January to June, July to December) and years; two-year periods start on 1 January of
the programme's first year (2021-2022, 2023-2024, ...). A week belongs to the year of its
Thursday (ISO 8601): 2020-W53 runs from Monday 28 December 2020 to Sunday 3 January 2021 and
is a week of 2020; 2021-W52 runs into Sunday 2 January 2022 and is a week of 2021.

A target is judged on the days of its *window*: the programme period, narrowed by the
target's own ``start`` and ``end``. A period partly outside the window is judged on its
days inside; a frequency's count is prorated to those days and rounded half up. So a week
with four or more days inside the programme needs its one weekly activity, a week with
three or fewer needs none and is not a period of the target: for a weekly norm at the
start or end of a programme that is the ISO rule again (the week counts when its Thursday
lies in the programme).

Counts count on the days of the window only: entries outside it are ignored (``avp
validate`` warns about dates outside the programme, and about a count that lies in the
programme but in none of its target's periods, such as one on 2 January 2021 in 2020-W53: a
week of 2020 that needs no activity, so the count is not counted, rather than credited to
2021-W01 where one activity would stand for two weeks). A value describes the period it is
dated in, and the latest value dated in a period is that period's value; so a comparison
can read the value of the year before the programme, and a threshold reads the latest value
from its baseline date up to its target date. A coverage's population size carries over to
later periods until a new value is recorded, also a size recorded before the target's
``start`` (or the programme's).

Figures for a period
--------------------
An entry's ``period`` (``2021``, ``2022-H1``, ``2022-Q1``, ``2022-03``, ``2022-W05`` or
from/to dates) says which days its figure describes; the entry's date is then the day it
was recorded (:class:`~avp.targets.figures.Figure`). A count that describes the days of one
period counts for that period; one that describes days of several (13 controls in 2022-Q1
against a weekly norm) is credited to each in proportion to its days, as whole numbers that
add up to the count (largest remainder, the earlier period on a tie): one to each of the 13
weeks of Q1, none to 2021-W52 of which Q1 holds two days
(:func:`~avp.targets.figures.spread`). A value is the value of the last day it describes:
the figure of 2021 recorded in January 2022 is 2021's; a population size holds from the
first. A running total (a comparison that ``accumulates``) judges an ended period only by
a figure for the whole of it, one recorded on its last day or whose period covers it, and
is compared with such a figure of its reference period; a total of part of the year gives
``no_data`` at its end (unless it already decides: past a maximum, or a minimum reached).

``as_of`` is the end of that day: entries dated after it do not count yet, and a period
whose last day is ``as_of`` has ended. Judged for a ``year`` (``avp targets --year``), a
target lists the periods that belong to that year (a week to its ISO year, so 2021-W52 is
2021's and not 2022's; a threshold's or deliverable's span to every year it reaches into)
and is judged at the end of the last of them (2021-W52 ends on 2 January 2022, so "elk
weekend" can be met for 2021), from the figures recorded by ``as_of`` that describe days
up to then (:func:`~avp.targets.periods.year_end`).

Verdicts
--------
``met``        the norm is reached (a count that reached its requirement stays met while the
               period still runs; a threshold value at or beyond its target);
``on_course``  the period runs and the count is at least what an even pace needs by now:
               the requirement times the elapsed share of the period, rounded half up (so
               1 of 2 by mid-year is on course, 0 of 2 is not); a threshold value on or
               beyond the straight line from baseline to target (for an ``increase``: on or
               above it; for a ``decrease``: on or below it); a threshold without a
               baseline draws its line from its first measurement, so it needs two
               measurements before it is judged; a comparison value that satisfies the
               reference so far (a running total: at its current pace);
``at_risk``    the period runs and the figures are behind that pace or line; a deliverable
               not delivered within :data:`DELIVERABLE_WARNING_DAYS` days of its due date;
``missed``     the period ended without the norm, or the norm can no longer be met in it (a
               running total already past its maximum, an occasion below its minimum, a
               deliverable delivered late);
``no_data``    nothing can be said: no value yet, no reference value, no population size.

:func:`evaluate` gives a :class:`PeriodResult` for every period that has started by
``as_of``. :func:`target_status` sums a target up on ``as_of`` with the verdict of its
current period; for periods shorter than a year it looks at the whole year of the current
period: a period missed earlier that year makes the target at least ``at_risk`` (its sentence
then ends with that verdict, not with the current period's "op schema"), and once the year is
over, ``missed``. A measure's computed verdict is the worst verdict of its targets
(``no_data`` only when none says more).

Code
----
Each kind has a module with a ``KIND`` (:class:`~avp.targets.kind.Kind`: how it is judged),
held by name in :data:`avp.targets.registry.KINDS`; what figures a kind reads is declared on
its model (``target.takes()``). Results carry numbers, dates, the verdict and a *reason*: an
:class:`avp.i18n.Message` (a message key with typed values, nested messages among them).
``PeriodResult.forecast(lang)``, ``PeriodResult.label(lang)`` and ``TargetStatus.text(lang)``
phrase it through :mod:`avp.i18n`; no sentence is written here.

:mod:`avp.targets.suggest` proposes targets from a measure's Dutch words
(:func:`~avp.targets.suggest.suggest_targets`); a proposal has ``suggested: true`` and
``basis`` (the words it rests on), and is judged like any other target.
"""
