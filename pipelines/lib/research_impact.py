"""Staggered difference-in-differences of research transfers (Callaway & Sant'Anna 2021).

Kept free of SQLMesh so tests can run it on a hand-made panel; the SQLMesh Python model
models/marts/fct_research_impact_event_study.py feeds it the survey panel and the registry.

Why `diff-diff`: of the maintained Python implementations of Callaway-Sant'Anna (csdid,
differences, moderndid, pyfixest, diff-diff), it is the one that gives group-time effects with
overall, event-study and cohort aggregations, influence-function standard errors clustered at a
named level, the event study's covariance (for a joint pre-trend test) and covariates, while
depending only on numpy, pandas and scipy, which the product already pins. csdid pulls in
plotnine and twine; differences and moderndid add statsmodels and formulaic or narwhals;
pyfixest's staggered estimators are imputation / two-stage ones, not Callaway-Sant'Anna.
"""

from __future__ import annotations

import math
import warnings

import pandas as pd

AQUACULTURE = ("aquaculture_farming", "aquaculture_processing")
ESTIMATION_METHOD = "reg"  # outcome regression (see README: cohorts of 5-15 treated firms)


def _pct(value: float | None) -> float | None:
    return None if value is None or math.isnan(value) else 100 * (math.exp(value) - 1)


def _number(value: object) -> float | None:
    if value is None:
        return None
    number = float(value)  # type: ignore[arg-type]
    return None if math.isnan(number) else number


def estimator_notes(caught: list[warnings.WarningMessage]) -> list[str]:
    """What the package warned about while it fitted, for the estimator's description: the
    first sentence of each warning, once. A ResourceWarning is left out: it comes from the
    garbage collector finding some unrelated object unclosed (a Spark session's socket, say)
    at whatever moment it runs, and says nothing about the estimate."""
    return sorted(
        {
            str(w.message).split(".")[0][:120]
            for w in caught
            if not issubclass(w.category, ResourceWarning)
        }
    )


def estimate_research_impact(
    panel: pd.DataFrame,
    recipients: pd.DataFrame,
    min_enterprises: int,
    controls_available: int | None = None,
) -> pd.DataFrame:
    """Rows of fct_research_impact_event_study (without data_source and data_origin).

    ``panel``: enterprise_id, survey_year, key_sector, log_lp (one row per enterprise-year);
    ``recipients``: enterprise_id, first_treated (year of the first receipt);
    ``controls_available``: the never-treated enterprises the survey has, when the panel holds
    only a random sample of them (the estimator description then says so).
    """
    import diff_diff
    import numpy as np
    from diff_diff import CallawaySantAnna
    from scipy import stats

    # sorted, so that two builds of the same inputs sum in the same order (identical output)
    data = panel.merge(recipients, on="enterprise_id", how="left").sort_values(
        ["enterprise_id", "survey_year"], ignore_index=True
    )
    data["first_treated"] = data["first_treated"].fillna(0).astype(int)
    first_year, last_year = int(data["survey_year"].min()), int(data["survey_year"].max())
    # an enterprise needs a survey year before its treatment, and a treatment within the panel
    observed_before = data[data["survey_year"] < data["first_treated"]].groupby("enterprise_id")
    has_pre = set(observed_before.groups)
    treated_ids = set(data.loc[data["first_treated"] > 0, "enterprise_id"])
    usable = {
        e
        for e in treated_ids
        if e in has_pre
        and first_year
        < int(data.loc[data["enterprise_id"] == e, "first_treated"].iloc[0])
        <= last_year
    }
    not_estimable = len(treated_ids - usable)
    data = data[(data["first_treated"] == 0) | data["enterprise_id"].isin(usable)].copy()

    # productivity before treatment: each enterprise's log labour productivity in its first
    # survey year (before treatment for every usable treated enterprise), and its key sector
    first = data.sort_values("survey_year").groupby("enterprise_id").first()
    data["pre_log_lp"] = data["enterprise_id"].map(first["log_lp"])
    sector = data["enterprise_id"].map(first["key_sector"])
    data["is_aquaculture"] = sector.isin(AQUACULTURE).astype(float)
    data["is_textiles"] = (sector == "textiles_garments").astype(float)
    data["unit"] = pd.factorize(data["enterprise_id"])[0]
    # a covariate that does not vary (every enterprise in one key sector) identifies nothing
    covariates = [
        c for c in ("pre_log_lp", "is_aquaculture", "is_textiles") if data[c].nunique() > 1
    ]

    estimator = CallawaySantAnna(
        control_group="never_treated",
        estimation_method=ESTIMATION_METHOD,
        cluster="unit",
        base_period="universal",
        allow_unbalanced_panel=True,
        rank_deficient_action="silent",
    )
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fit = estimator.fit(
            data,
            outcome="log_lp",
            unit="unit",
            time="survey_year",
            first_treat="first_treated",
            covariates=covariates,
        )
        overall = fit.aggregate("simple").to_dataframe()
        events = fit.aggregate("event_study")
        cohorts = fit.aggregate("group").to_dataframe()
    notes = estimator_notes(caught)
    # never-treated enterprises the package compared each cohort with (its largest cell)
    cohort_controls: dict[int, int] = {}
    for (g, _t), cell in fit.group_time_effects.items():
        cohort_controls[int(g)] = max(cohort_controls.get(int(g), 0), int(cell["n_control"]))

    treated = data[data["first_treated"] > 0]
    controls = int(data.loc[data["first_treated"] == 0, "enterprise_id"].nunique())
    per_cohort = treated.groupby("first_treated")["enterprise_id"].nunique()
    relative = treated.assign(e=treated["survey_year"] - treated["first_treated"])
    per_event = relative.groupby("e")["enterprise_id"].nunique()
    sampled = controls_available is not None and controls_available > controls
    description = (
        f"Callaway-Sant'Anna (2021), diff-diff {diff_diff.__version__}: never-treated controls"
        + (
            f" (a simple random sample of {controls} of the {controls_available}: "
            "the smallest keyed pseudonyms)"
            if sampled
            else ""
        )
        + ", "
        f"{'outcome regression' if ESTIMATION_METHOD == 'reg' else ESTIMATION_METHOD} on "
        f"{', '.join(covariates) or 'no covariate'}, universal base period (e = -1), "
        "standard errors clustered by enterprise"
        + (f"; notes: {'; '.join(notes[:4])}" if notes else "")
    )

    rows: list[dict[str, object]] = []

    def add(
        kind: str,
        n_treated: int,
        estimate: float | None,
        se: float | None,
        low: float | None,
        high: float | None,
        p: float | None,
        event_time: int | None = None,
        cohort: int | None = None,
        is_reference: bool = False,
        n_controls: int | None = None,
    ) -> None:
        n_controls = controls if n_controls is None else n_controls
        withheld = n_treated < min_enterprises or n_controls < min_enterprises
        shown = not withheld
        rows.append(
            {
                "group_code": "all",
                "estimate_type": kind,
                "event_time": event_time,
                "cohort": cohort,
                "treated_enterprises": n_treated,
                "control_enterprises": n_controls,
                "estimate_log_points": estimate if shown else None,
                "standard_error": se if shown else None,
                "ci95_low": low if shown else None,
                "ci95_high": high if shown else None,
                "estimate_pct": _pct(estimate) if shown else None,
                "ci95_low_pct": _pct(low) if shown else None,
                "ci95_high_pct": _pct(high) if shown else None,
                "is_reference": is_reference,
                "chi2": None,
                "df": None,
                "p_value": p if shown else None,
                "is_suppressed": withheld,
                "estimator": description,
                "cohorts_not_estimable": not_estimable,
                "geography_code": "89",
                "price_basis": "current",
                "unit": "log points; % (the *_pct columns)",
                "obs_status": "Q" if withheld else ("A" if is_reference else "E"),
                "conf_status": "A" if withheld else "F",
            }
        )

    o = overall.iloc[0]
    add(
        "overall",
        len(usable),
        _number(o["att"]),
        _number(o["se"]),
        _number(o["conf_int_lower"]),
        _number(o["conf_int_upper"]),
        _number(o["p_value"]),
    )
    for r in events.to_dataframe().itertuples():
        e = int(r.event_time)
        add(
            "event_study",
            int(per_event.get(e, 0)),
            _number(r.att),
            _number(r.se),
            _number(r.conf_int_lower),
            _number(r.conf_int_upper),
            _number(r.p_value),
            event_time=e,
            is_reference=bool(r.is_reference),
        )
    for r in cohorts.itertuples():
        g = int(r.label)
        add(
            "cohort",
            int(per_cohort.get(g, 0)),
            _number(r.att),
            _number(r.se),
            _number(r.conf_int_lower),
            _number(r.conf_int_upper),
            _number(r.p_value),
            cohort=g,
            n_controls=cohort_controls.get(g, controls),
        )

    # joint Wald test that every lead e <= -2 is zero, from the event study's covariance
    index = list(events.vcov_index) if events.vcov_index is not None else []
    leads = [i for i, e in enumerate(index) if e <= -2]
    chi2 = p_value = None
    if leads and events.vcov is not None:
        table = events.to_dataframe().set_index("event_time")
        b = np.array([table.loc[index[i], "att"] for i in leads], dtype=float)
        v = np.asarray(events.vcov, dtype=float)[np.ix_(leads, leads)]
        chi2 = float(b @ np.linalg.pinv(v) @ b)
        p_value = float(stats.chi2.sf(chi2, len(leads)))
    n_leads = len(leads)
    rows.append(
        {
            **{k: None for k in rows[0]},
            "group_code": "all",
            "estimate_type": "pretrend_test",
            "treated_enterprises": len(usable),
            "control_enterprises": controls,
            "is_reference": False,
            "chi2": chi2,
            "df": n_leads,
            "p_value": p_value,
            "is_suppressed": False,
            "estimator": description,
            "cohorts_not_estimable": not_estimable,
            "geography_code": "89",
            "price_basis": "current",
            "unit": "chi-square statistic; p-value",
            "obs_status": "A",
            "conf_status": "F",
        }
    )
    return pd.DataFrame(rows)
