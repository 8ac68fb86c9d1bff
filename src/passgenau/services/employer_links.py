"""The employer's page without an account: a signed link to one vacancy's proposals.

``passgenau shortlist link`` (and a button on the vacancy's page) makes a link
``/arbeitgeber/<token>``: the token is signed with the settings' secret (itsdangerous)
and holds the tenant, the vacancy, the expiry and a random link id. An altered token is
:class:`LinkAltered`, an expired one :class:`LinkExpired`. The employer sees the
candidates who agreed to be proposed (``consented`` and later, still open), as a profile
*without* name, address, birth year or contact, and with the name only once the
candidate's consent covering this employer is recorded. Every view is audited under the
actor ``employer link <id>``; the employer's feedback moves the proposal through the
workflow (:func:`~passgenau.services.workflow.move_proposal`).
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from itsdangerous import BadSignature, URLSafeSerializer

from passgenau.config import Settings, session_secret
from passgenau.domain.audit import FieldChange
from passgenau.domain.errors import InvalidInput, NotFound, PassgenauError, Problem
from passgenau.domain.levels import GermanLevel
from passgenau.domain.placement import ProposalState, ReasonCode
from passgenau.domain.workflow import consent_covers
from passgenau.services.unit_of_work import AuditAction, UnitOfWork
from passgenau.services.workflow import MoveOutcome, move_within

SALT = "passgenau.employer-link"
DEFAULT_DAYS = 14
SECRET_FILE = "link-secret"
ACTOR_PREFIX = "employer link"
#: The states in which the employer sees a proposal: the candidate agreed to be proposed.
SHOWN_STATES = (ProposalState.CONSENTED, ProposalState.PROPOSED, ProposalState.INTERVIEW,
                ProposalState.TRIAL_WORK)
#: The state in which the employer gives feedback (invite or decline).
FEEDBACK_STATE = ProposalState.PROPOSED


class LinkAltered(PassgenauError):
    """The token's signature does not match: made up or changed."""


class LinkExpired(PassgenauError):
    """The token is genuine but past its expiry."""

    def __init__(self, expired: datetime) -> None:
        self.expired = expired
        super().__init__(f"the employer link expired at {expired.isoformat()}")


@dataclass(frozen=True, slots=True)
class EmployerLink:
    """What the token holds (and the token)."""

    token: str
    link_id: str
    tenant: str
    vacancy_id: str
    expires: datetime

    @property
    def path(self) -> str:
        return f"/arbeitgeber/{self.token}"

    @property
    def actor(self) -> str:
        """Who the audit log names for what is done through this link."""
        return f"{ACTOR_PREFIX} {self.link_id}"


def link_secret(settings: Settings) -> str:
    """The secret that signs employer links: the settings' secret; in development
    without one, a random secret kept in the data directory (so that a link made by the
    command line is good for the server on the same data)."""
    configured = session_secret(settings)  # refuses a weak secret outside development
    if configured:
        return configured
    path = Path(settings.data_dir) / SECRET_FILE
    if path.exists():
        return path.read_text(encoding="utf-8").strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    value = secrets.token_urlsafe(32)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process made it just now
        return path.read_text(encoding="utf-8").strip()
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(value)
    return value


def _serializer(secret: str) -> URLSafeSerializer:
    return URLSafeSerializer(secret, salt=SALT)


def make_link(uow: UnitOfWork, secret: str, vacancy_id: str, now: datetime,
              days: int = DEFAULT_DAYS) -> EmployerLink:
    """A new link to the vacancy's page for its employer, good for ``days`` days; its
    making is audited (the link id and the expiry, not the token)."""
    if not 1 <= days <= 365:
        raise InvalidInput([Problem("employer link", "days", "must be 1..365")])
    with uow:
        uow.vacancies.get(vacancy_id)  # unknown or another tenant's: NotFound
        link_id = secrets.token_hex(6)
        expires = (now + timedelta(days=days)).astimezone(UTC).replace(microsecond=0)
        token = _serializer(secret).dumps({"t": uow.tenant_key, "v": vacancy_id,
                                           "x": int(expires.timestamp()), "i": link_id})
        uow.audit_changes(AuditAction.CREATE, "employer_link", vacancy_id, [
            FieldChange.of("employer_link", "link_id", None, link_id),
            FieldChange.of("employer_link", "expires", None, expires.isoformat()),
        ])
        uow.commit()
    return EmployerLink(token, link_id, uow.tenant_key, vacancy_id, expires)


def read_link(secret: str, token: str, now: datetime) -> EmployerLink:
    """The link a token stands for: :class:`LinkAltered` if its signature or content is
    wrong, :class:`LinkExpired` if it is past its expiry."""
    try:
        data = _serializer(secret).loads(token)
        link = EmployerLink(token, str(data["i"]), str(data["t"]), str(data["v"]),
                            datetime.fromtimestamp(int(data["x"]), UTC))
    except (BadSignature, KeyError, TypeError, ValueError):
        raise LinkAltered("the employer link is not genuine") from None
    if now >= link.expires:
        raise LinkExpired(link.expires)
    return link


def _digest(secret: str, *parts: str) -> str:
    message = "\x1f".join(parts).encode()
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def link_csrf(secret: str, link: EmployerLink) -> str:
    """The CSRF token of the link's forms: bound to the link, no session needed."""
    return _digest(secret, "csrf", link.link_id, link.vacancy_id)[:32]


def csrf_matches(secret: str, link: EmployerLink, sent: str | None) -> bool:
    return bool(sent) and hmac.compare_digest(link_csrf(secret, link), str(sent))


def candidate_ref(secret: str, link: EmployerLink, candidate_id: str) -> str:
    """How the page names a candidate in its forms: opaque, never the internal id."""
    return _digest(secret, "candidate", link.link_id, candidate_id)[:16]


# -- the page ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class OccupationLine:
    kldb: str
    title: str
    years: float


@dataclass(frozen=True, slots=True)
class EmployerCandidate:
    """One candidate as the employer sees them. ``name`` is empty unless ``named``."""

    ref: str
    number: int  # 1.. on this page
    state: ProposalState
    named: bool
    name: str
    occupations: tuple[OccupationLine, ...]
    german_level: GermanLevel
    hours_min: float
    hours_max: float
    driving_licence: bool
    available_from: date
    languages: tuple[str, ...]

    @property
    def takes_feedback(self) -> bool:
        return self.state is FEEDBACK_STATE


@dataclass(frozen=True, slots=True)
class EmployerPage:
    vacancy_id: str
    title: str
    employer_name: str
    hours: float
    expires: datetime
    candidates: tuple[EmployerCandidate, ...]


def employer_page(uow: UnitOfWork, secret: str, link: EmployerLink, on: date,
                  titles: dict[str, str] | None = None) -> EmployerPage:
    """The page of ``link`` (``uow`` on the link's tenant, acting as ``link.actor``):
    every candidate shown is audited as viewed, with the fields shown."""
    from passgenau.services import records

    with uow:
        vacancy = uow.vacancies.get(link.vacancy_id)
        employer = uow.employers.get(vacancy.employer_id)
        shown = [r for r in uow.placements.proposals(vacancy_id=link.vacancy_id)
                 if r.proposal.state in SHOWN_STATES]
        codes = {o.kldb.code for r in shown
                 for o in uow.candidates.get(r.proposal.candidate_id).occupations}
        names = (titles or {}) | records.kldb_titles(uow, codes)
        lines = []
        for number, record in enumerate(shown, start=1):
            p = record.proposal
            candidate = uow.candidates.get(p.candidate_id)
            consents = [c.consent for c in uow.consents.for_candidate(p.candidate_id)]
            named = consent_covers(consents, p, vacancy.employer_id, on)
            lines.append(EmployerCandidate(
                ref=candidate_ref(secret, link, p.candidate_id), number=number,
                state=p.state, named=named, name=candidate.name if named else "",
                occupations=tuple(OccupationLine(o.kldb.code, names.get(o.kldb.code, ""),
                                                 o.years) for o in candidate.occupations),
                german_level=candidate.german_level, hours_min=candidate.hours_min,
                hours_max=candidate.hours_max, driving_licence=candidate.driving_licence,
                available_from=candidate.available_on(on), languages=candidate.languages,
            ))
            fields = ("name", "profile") if named else ("profile",)
            uow.audit(AuditAction.VIEW, "candidate", p.candidate_id, fields)
        uow.commit()
        return EmployerPage(vacancy.id, vacancy.title, employer.name, vacancy.hours,
                            link.expires, tuple(lines))


def _candidate_in(uow: UnitOfWork, secret: str, link: EmployerLink, ref: str) -> str:
    """The candidate behind a page's reference, among those the page shows (``uow``
    entered)."""
    for r in uow.placements.proposals(vacancy_id=link.vacancy_id):
        if r.proposal.state in SHOWN_STATES and hmac.compare_digest(
                candidate_ref(secret, link, r.proposal.candidate_id), ref):
            return r.proposal.candidate_id
    raise NotFound("no such candidate on this employer link")


@dataclass(frozen=True, slots=True)
class Feedback:
    candidate_id: str
    moved: MoveOutcome
    follow_up: int | None  # the officer's follow-up on the interview day, if any


def invite(uow: UnitOfWork, secret: str, link: EmployerLink, ref: str, slot: datetime,
           on: date, note: str = "") -> Feedback:
    """The employer invites the candidate to an interview at ``slot``: the proposal moves
    to ``interview`` (with its household), and the officer gets a follow-up on that day
    (``note`` says when; the web writes it). One transaction."""
    if slot.date() < on:
        raise InvalidInput([Problem("employer link", "slot", "must not be in the past")])
    if slot.date() > on + timedelta(days=180):
        raise InvalidInput([Problem("employer link", "slot", "at most 180 days ahead")])
    with uow:
        candidate_id = _candidate_in(uow, secret, link, ref)
        moved = move_within(uow, link.vacancy_id, candidate_id, ProposalState.INTERVIEW,
                            on=on)
        number = uow.followups.add(candidate_id, slot.date(), note, link.vacancy_id)
        uow.audit(AuditAction.CREATE, "follow_up", candidate_id, ("due", "note", "vacancy_id"))
        uow.commit()
    return Feedback(candidate_id, moved, number)


def decline(uow: UnitOfWork, secret: str, link: EmployerLink, ref: str, on: date,
            note: str = "") -> Feedback:
    """The employer declines the candidate: the proposal is rejected
    (``employer_declined``; the employer's reason, if any, as its note)."""
    with uow:
        candidate_id = _candidate_in(uow, secret, link, ref)
        moved = move_within(uow, link.vacancy_id, candidate_id, ProposalState.REJECTED,
                            on=on, reason=ReasonCode.EMPLOYER_DECLINED, note=note)
        uow.commit()
    return Feedback(candidate_id, moved, None)
