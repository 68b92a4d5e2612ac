"""The numbers behind the simulation, and how one council differs from another.

Calibrated against the DfE's published national tables for 2021-2025 ("Children looked after
in England including adoptions", "Stability measures"): about 82,000 children looked after at
31 March; about 0.39 starting and 0.41 ceasing per child looked after; 10% with three or more
placements in the year; 69% long-term stability; about 8% unaccompanied asylum-seeking
children; OC2 health 90% / immunisations 84% / teeth 81%; care leavers aged 19-21 in
education, employment or training 54%, suitable accommodation 89%. The test suite measures
the generated data against these figures with tolerances.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from carepanel.ssda903.synth.rand import Pick, stream

# --- Who comes into care -------------------------------------------------------------------

# Age bands (years, inclusive) of children other than UASC starting to be looked after.
AGE_BAND = Pick({(0, 0): 0.23, (1, 4): 0.16, (5, 9): 0.18, (10, 15): 0.33, (16, 17): 0.10})
NEWBORN_SHARE = 0.45  # of under-ones, removed within days of birth
UASC_AGE = Pick({14: 0.05, 15: 0.15, 16: 0.40, 17: 0.40})
UASC_MALE = 0.94
MALE = 0.53
UNKNOWN_SEX = 0.004  # recorded as U (possible from 2024/25)

ETHNIC_GENERAL = Pick({
    "WBRI": 0.70, "WIRI": 0.004, "WOTH": 0.035, "WIRT": 0.003, "WROM": 0.006,
    "MWBC": 0.035, "MWBA": 0.012, "MWAS": 0.012, "MOTH": 0.03, "AIND": 0.008,
    "APKN": 0.015, "ABAN": 0.007, "AOTH": 0.01, "BCRB": 0.02, "BAFR": 0.025,
    "BOTH": 0.015, "CHNE": 0.002, "OOTH": 0.02, "REFU": 0.003, "NOBT": 0.006,
})
ETHNIC_DIVERSE = Pick({  # councils with more diverse populations (scaled in by profile)
    "WBRI": 0.35, "WOTH": 0.07, "MWBC": 0.06, "MOTH": 0.06, "APKN": 0.05, "ABAN": 0.03,
    "AIND": 0.02, "AOTH": 0.03, "BCRB": 0.06, "BAFR": 0.08, "BOTH": 0.05, "OOTH": 0.05,
    "WROM": 0.01, "MWBA": 0.03, "MWAS": 0.02, "REFU": 0.01, "NOBT": 0.02,
})
ETHNIC_UASC = Pick({
    "AOTH": 0.25, "BAFR": 0.34, "OOTH": 0.22, "MOTH": 0.03, "BOTH": 0.05, "WOTH": 0.05,
    "CHNE": 0.01, "NOBT": 0.03, "REFU": 0.02,
})

CIN_GENERAL = Pick({"N1": 0.70, "N2": 0.035, "N3": 0.03, "N4": 0.08, "N5": 0.12, "N6": 0.02,
                    "N7": 0.003, "N8": 0.012})

# --- Care plans: how a period of care ends, by age band at the start -----------------------

HOME, ADOPT, SGO, CAO, LEAVE18, EARLY, REMAND, OTHER, UASC = (
    "home", "adopt", "sgo", "cao", "leave18", "early", "remand", "other", "uasc")

PLAN_BY_BAND = {
    (0, 0): Pick({ADOPT: 0.38, HOME: 0.30, SGO: 0.19, LEAVE18: 0.08, CAO: 0.02, OTHER: 0.03}),
    (1, 4): Pick({ADOPT: 0.22, HOME: 0.38, SGO: 0.21, LEAVE18: 0.13, CAO: 0.03, OTHER: 0.03}),
    (5, 9): Pick({HOME: 0.50, SGO: 0.17, LEAVE18: 0.26, CAO: 0.04, OTHER: 0.03}),
    (10, 15): Pick({HOME: 0.53, SGO: 0.05, LEAVE18: 0.30, REMAND: 0.05, EARLY: 0.04,
                    OTHER: 0.03}),
    (16, 17): Pick({HOME: 0.35, LEAVE18: 0.45, REMAND: 0.07, EARLY: 0.10, OTHER: 0.03}),
}

# Lengths of stay in days: (median, sigma) of a lognormal.
STAY = {HOME: (150, 1.25), SGO: (520, 0.45), CAO: (420, 0.55), REMAND: (45, 0.8),
        OTHER: (220, 1.0)}
REENTRY = 0.28  # of children returned home under 16, who come back into care
REENTRY_GAP = (330, 0.9)

# Adoption milestones, days after the previous one: decision, placement order, match, placed,
# adoption order (lognormal median, sigma). England 2025 (the DfE's national table of the
# time between adoption stages, in ../shared): entry to decision 9 months, decision to match
# 10 months, match to placed 1 month (entry to placed 1 year 7 months, about 578 days),
# placed to adopted 9 months, entry to adoption 2 years 3 months.
ADOPTION_STEPS = ((255, 0.35), (115, 0.45), (135, 0.5), (26, 0.5), (260, 0.35))
ADOPTION_REVERSED = 0.12

UASC_ENDING = Pick({LEAVE18: 0.80, "E3": 0.07, "E15": 0.04, "E8": 0.05, "E13": 0.02,
                    "E16": 0.02})

REC_HOME = Pick({"E4A": 0.62, "E4B": 0.22, "E13": 0.16})
REC_ADOPTED = Pick({"E11": 0.82, "E12": 0.18})
REC_REMAND = Pick({"E14": 0.82, "E9": 0.18})
REC_EARLY = Pick({"E5": 0.30, "E6": 0.12, "E13": 0.22, "E4B": 0.18, "E8": 0.18})
REC_OTHER = Pick({"E8": 0.45, "E3": 0.25, "E16": 0.15, "E13": 0.12, "E2": 0.03})
REC_AT_18 = {
    "foster": Pick({"E17": 0.50, "E5": 0.24, "E8": 0.10, "E4A": 0.07, "E13": 0.04, "E6": 0.05}),
    "residential": Pick({"E5": 0.55, "E8": 0.20, "E6": 0.06, "E4A": 0.09, "E7": 0.06,
                         "E13": 0.04}),
    "supported": Pick({"E5": 0.62, "E6": 0.22, "E8": 0.16}),
    "parents": Pick({"E4A": 0.8, "E8": 0.2}),
}

# --- Legal status -------------------------------------------------------------------------

FIRST_LS = {
    ADOPT: Pick({"C1": 0.70, "V2": 0.15, "L2": 0.08, "L1": 0.07}),
    HOME: Pick({"V2": 0.55, "C1": 0.33, "L1": 0.08, "L2": 0.04}),
    SGO: Pick({"C1": 0.76, "V2": 0.14, "L1": 0.05, "L2": 0.05}),
    CAO: Pick({"C1": 0.80, "V2": 0.20}),
    LEAVE18: Pick({"C1": 0.52, "V2": 0.43, "L1": 0.05}),
    EARLY: Pick({"V2": 0.72, "C1": 0.28}),
    REMAND: Pick({"J1": 0.88, "J2": 0.08, "J3": 0.04}),
    OTHER: Pick({"V2": 0.60, "C1": 0.40}),
    UASC: Pick({"V2": 1.0}),
}
CARE_ORDER_AFTER = (240, 0.35)  # interim care order to full care order, days
V2_TO_CARE_PROCEEDINGS = 0.22  # long-staying s20 children later made subject of proceedings

# --- Placements ---------------------------------------------------------------------------

FOSTER = frozenset({"U1", "U2", "U3", "U4", "U5", "U6"})
KINSHIP = frozenset({"U1", "U2", "U3"})
RESIDENTIAL = frozenset({"K1", "K2", "R1", "R2", "R5", "S1"})
SUPPORTED = frozenset({"H5", "K3", "P2"})

PROVIDER = {
    "kinship": Pick({"PR1": 0.92, "PR4": 0.05, "PR5": 0.03}),
    "K1": Pick({"PR2": 0.55, "PR1": 0.25, "PR5": 0.20}),
    "K2": Pick({"PR4": 0.80, "PR1": 0.12, "PR5": 0.06, "PR2": 0.02}),
    "supported": Pick({"PR4": 0.75, "PR5": 0.15, "PR1": 0.10}),
    "adoption": Pick({"PR1": 0.60, "PR2": 0.20, "PR5": 0.20}),
    "R1": Pick({"PR4": 0.7, "PR3": 0.3}),
    "R2": Pick({"PR3": 1.0}),
    "R3": Pick({"PR1": 0.4, "PR4": 0.4, "PR3": 0.2}),
    "R5": Pick({"PR3": 0.75, "PR4": 0.25}),
    "S1": Pick({"PR4": 0.6, "PR5": 0.25, "PR2": 0.15}),
    "P3": Pick({"PR4": 1.0}),
    "Z": Pick({"PR4": 0.6, "PR1": 0.4}),
    "T4": Pick({"PR1": 0.6, "PR4": 0.4}),
}
NEEDS_URN = frozenset({"K1", "K2", "K3", "U1", "U2", "U3", "U4", "U5", "U6", "H5", "S1",
                       "A3", "A4", "A5", "A6"})

# Temporary placements: code, longest stay in days (DfE rules 375, 376, 379).
TEMPORARY = Pick({("T3", 21): 0.40, ("T4", 7): 0.30, ("T1", 42): 0.14, ("T2", 14): 0.06,
                  ("T0", 14): 0.10})
TEMPORARY_PER_YEAR = 0.035

# Why a placement ended (REASON_PLACE_CHANGE) when the carer changes; England 2025 shares
# without "PLACE", which is used when only the status of the placement changes.
MOVE_REASON = Pick({"CARPL": 0.42, "OTHER": 0.30, "CREQB": 0.10, "CREQO": 0.085,
                    "CHILD": 0.035, "LAREQ": 0.025, "STAND": 0.008, "CLOSE": 0.008,
                    "ALLEG": 0.007, "APPRR": 0.005, "CUSTOD": 0.002})

# Yearly chance of a move for a settled child, by age; the first year of a period is busier.
MOVE_HAZARD = ((5, 0.14), (10, 0.15), (14, 0.28), (18, 0.48))
FIRST_YEAR_FACTOR = 2.7
EMERGENCY = 0.40  # periods starting with a short emergency placement
EMERGENCY_STAY = (20, 0.9)
INSTABILITY_SIGMA = 0.75  # spread of children's own placement instability

# --- After the return: outcomes and activity -----------------------------------------------

SDQ_MEAN, SDQ_SD = 14.8, 7.4
REVIEW_CODE = Pick({"PN1": 0.40, "PN2": 0.12, "PN3": 0.10, "PN4": 0.12, "PN5": 0.08,
                    "PN6": 0.08, "PN7": 0.10})
SW_REASON = Pick({"LEFTRL": 0.30, "MANAGE": 0.22, "TSPROC": 0.20, "ORGRST": 0.10,
                  "ABSENC": 0.06, "CHCHAN": 0.04, "PCCHAN": 0.03, "OTHERS": 0.05})
PLACED_CEASED = Pick({"RD1": 0.45, "RD2": 0.25, "RD3": 0.15, "RD4": 0.15})
PREV_PERM = Pick({"Z1": 0.84, "P4": 0.07, "P1": 0.02, "P2": 0.05, "P3": 0.02})
ADOPTERS = Pick({("2", "MF", "L11"): 0.62, ("2", "MF", "L3"): 0.12,
                 ("2", "MM", "L12"): 0.05, ("2", "FF", "L12"): 0.04, ("2", "MM", "L2"): 0.02,
                 ("2", "FF", "L2"): 0.02, ("2", "MM", "L4"): 0.01, ("2", "FF", "L4"): 0.01,
                 ("1", "F1", "L0"): 0.09, ("1", "M1", "L0"): 0.02})
PEP_QUALITY = Pick({"Good": 0.6, "Requires improvement": 0.25, "Inadequate": 0.05, "": 0.10})


@dataclass(frozen=True)
class Council:
    """One synthetic council: its size and the ways its practice differs from the average.

    Real councils differ a lot (UASC numbers, use of residential care, in-house fostering,
    health partners), and benchmarking is about those differences, so each synthetic council
    draws its own profile around the national figures.
    """

    la_code: str
    seed: int
    children: int
    uasc_share: float
    instability: float
    residential: float
    own_foster: float
    health: float
    missing: float
    sw_turnover: float
    diversity: float




def council_profile(la_code: str, seed: int, children: int, index: int) -> Council:
    """Draw a council's profile; the first council of a run is kept close to England."""
    rng = stream(f"carepanel-synth-council:{seed}:{index}:{la_code}")
    spread = 0.0 if index == 0 else 1.0

    def lognorm(sigma: float) -> float:
        s = sigma * spread
        return math.exp(rng.gauss(-s * s / 2, s))

    return Council(
        la_code=la_code,
        seed=rng.getrandbits(63),
        children=children,
        uasc_share=min(0.35, 0.08 * lognorm(0.6)),
        instability=lognorm(0.2),
        residential=lognorm(0.3),
        own_foster=min(0.8, max(0.2, 0.46 + spread * rng.gauss(0, 0.10))),
        health=spread * rng.gauss(0, 0.5),
        missing=lognorm(0.35),
        sw_turnover=lognorm(0.3),
        diversity=min(1.0, max(0.0, rng.betavariate(1.2, 4.0) if spread else 0.12)),
    )
