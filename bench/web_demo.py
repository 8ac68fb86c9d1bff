"""The demo Jobcenter as the web shows it on a working day, for the load benchmark and the
screenshots: ``passgenau demo`` (2,000 candidates, 150 employers, 400 vacancies, the
matching's proposals) plus what a few weeks of work leave behind: officers with their
caseloads, follow-ups (some due), proposals moved on, consents, a partner with referrals,
the acquisition staff's contacts, and one account per role.

Everything goes through the services, as the command line would do it. The database is
made once per work folder and reused (``--regenerate`` in the scripts makes it anew).
"""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from passgenau.config import Settings
from passgenau.domain.accounts import Role
from passgenau.domain.errors import PassgenauError
from passgenau.domain.followups import FollowUpPolicy
from passgenau.domain.partners import (
    EmployerContact,
    EmployerContactKind,
    FundingProgramme,
    Partner,
    PartnerKind,
    Referral,
    ReferralStatus,
)
from passgenau.domain.placement import ProposalState
from passgenau.services.runtime import Runtime

TENANT = "demo"
PASSWORD = "demo-passwort-123"  # bench and screenshots only: a throwaway local database
#: One account per role; ``demo`` is the placement officer whose dashboard is shown.
USERS = {"demo": Role.OFFICER, "arbeitgeberservice": Role.ACQUISITION,
         "leitung": Role.MANAGEMENT, "admin": Role.ADMIN, "P-VHS": Role.PARTNER}
OFFICERS = ("demo", "m.yilmaz", "s.becker", "k.nowak")


@dataclass(frozen=True)
class WebDemo:
    data_dir: Path
    database_url: str
    today: date  # the day the pages are looked at (follow-ups due by then)

    def runtime(self, **settings: object) -> Runtime:
        return Runtime(Settings(database_url=self.database_url, data_dir=self.data_dir,
                                tenant=TENANT, cookie_secure=False, **settings))

    def environment(self) -> dict[str, str]:
        """The environment a ``passgenau`` process needs to use this database."""
        return {**os.environ, "PASSGENAU_DATA_DIR": str(self.data_dir),
                "PASSGENAU_DATABASE_URL": self.database_url, "PASSGENAU_TENANT": TENANT}


def prepare(workdir: Path, *, regenerate: bool = False, today: date | None = None) -> WebDemo:
    """The demo database in ``workdir`` (built on first use)."""
    today = today or date.today()
    data_dir = workdir / "web-demo"
    demo = WebDemo(data_dir, f"sqlite:///{data_dir / 'passgenau.db'}", today)
    marker = data_dir / f"ready-{today.isoformat()}"
    if marker.exists() and not regenerate:  # made before: only brought to today's schema
        subprocess.run([sys.executable, "-m", "passgenau", "db", "upgrade"],
                       env=demo.environment(), check=True, stdout=subprocess.DEVNULL)
        return demo
    if data_dir.exists():
        for path in data_dir.iterdir():
            path.unlink()
    data_dir.mkdir(parents=True, exist_ok=True)
    env = {k: v for k, v in demo.environment().items() if k != "PASSGENAU_TENANT"}
    subprocess.run([sys.executable, "-m", "passgenau", "demo", "--no-serve"], env=env,
                   check=True, stdout=subprocess.DEVNULL)
    _working_day(demo.runtime(), today)
    marker.touch()
    return demo


def _working_day(runtime: Runtime, today: date) -> None:
    from passgenau.services.casework import assign_officer
    from passgenau.services.consent import add_consent
    from passgenau.services.followups import plan, record_contact
    from passgenau.services.partners import add_employer_contact, refer, save_partner
    from passgenau.services.users import add_user
    from passgenau.services.workflow import list_proposals, move_proposal

    uow = runtime.unit_of_work
    accounts = runtime.accounts
    for name, role in USERS.items():
        add_user(accounts(), name, PASSWORD, role, TENANT)
    proposals = list_proposals(uow())
    candidates = sorted({p.candidate_id for p in proposals})
    # officers: the proposed candidates first, so that "my proposals" has rows
    for i, candidate_id in enumerate(candidates[:600]):
        assign_officer(uow(), candidate_id, OFFICERS[i % len(OFFICERS)])
    policy = FollowUpPolicy()
    plan(uow(), policy, today - timedelta(weeks=policy.weeks, days=3))  # due 3 days ago
    for candidate_id in candidates[1:600:3]:  # a third seen since: next contact later
        record_contact(uow(), policy, candidate_id, today - timedelta(days=2))
    # the workflow a few weeks on: some proposals of the demo officer's candidates moved
    steps = (ProposalState.PREPARED, ProposalState.CONSENTED, ProposalState.PROPOSED,
             ProposalState.INTERVIEW, ProposalState.TRIAL_WORK, ProposalState.HIRED)
    moved: set[str] = set()
    for i, view in enumerate(p for p in proposals if p.candidate_id in candidates[:600:4]):
        if view.candidate_id in moved or i % 2:
            continue
        moved.add(view.candidate_id)
        last = steps[: 1 + len(moved) % len(steps)]
        try:
            for state in last:
                if state is ProposalState.PROPOSED:
                    add_consent(uow(), view.candidate_id, "Weitergabe des Profils",
                                today - timedelta(days=20), vacancy_id=view.vacancy_id)
                move_proposal(uow(), view.vacancy_id, view.candidate_id, state,
                              on=today - timedelta(days=14))
        except PassgenauError:  # e.g. the vacancy's position went to someone else
            continue
        if len(moved) >= 60:
            break
    # a partner and its referrals; contacts of the acquisition staff
    save_partner(uow(), Partner("P-VHS", PartnerKind.COURSE_PROVIDER, "VHS Unteres Remstal",
                                "Waiblingen"))
    save_partner(uow(), Partner("P-IM", PartnerKind.INTEGRATION_MANAGER,
                                "Integrationsmanagement Rems-Murr", "Backnang"))
    for i, candidate_id in enumerate(candidates[600:660]):
        status = (ReferralStatus.OPEN, ReferralStatus.ACCEPTED, ReferralStatus.DECLINED)[i % 3]
        refer(uow(), Referral(candidate_id, "P-VHS" if i % 4 else "P-IM",
                              today - timedelta(days=30 - i % 20),
                              purpose=("Berufssprachkurs B1", "Bewerbungscoaching")[i % 2],
                              status=status,
                              answered_on=None if status is ReferralStatus.OPEN
                              else today - timedelta(days=5)))
    for i in range(1, 41):
        add_employer_contact(uow(), EmployerContact(
            f"E{i:03d}", today - timedelta(days=3 * i), tuple(EmployerContactKind)[i % 5],
            staff="arbeitgeberservice", summary="Personalbedarf besprochen",
            needs=("zwei Helfer:innen ab Januar", "Teilzeit im Verkauf", "")[i % 3],
            funding=(FundingProgramme.EINGLIEDERUNGSZUSCHUSS,) if i % 2 else (),
            next_step="Vorschläge schicken", next_step_on=today + timedelta(days=7)))

