"""Issue 10 (casework): employers' contact history, partners and referrals to them."""

from __future__ import annotations

from typing import Annotated

import typer

from passgenau.cli.common import (
    Format,
    OnOption,
    _check_format,
    _choice,
    _maybe_date,
    _on,
    echo_as,
    handles_errors,
    runtime,
)

employers_app = typer.Typer(help="Employers: the acquisition staff's contact history.")

employer_contact_app = typer.Typer(help="Contacts with employers (visits, calls, events).")
employers_app.add_typer(employer_contact_app, name="contact")
partners_app = typer.Typer(help="Partners (course providers, coaching, volunteers) and "
                           "referrals to them.")


@employer_contact_app.command("add")
@handles_errors
def employers_contact_add(
    employer_id: Annotated[str, typer.Argument(help="The employer.")],
    kind: Annotated[str, typer.Option(help="visit, call, event, email or letter.")],
    on: OnOption = None,
    staff: Annotated[str, typer.Option(help="Who of the acquisition staff.")] = "",
    summary: Annotated[str, typer.Option(help="What was discussed.")] = "",
    needs: Annotated[str, typer.Option(help="Staffing needs noted.")] = "",
    funding: Annotated[list[str] | None, typer.Option(help="A funding programme made "
                                                      "known, e.g. eingliederungszuschuss "
                                                      "(repeatable).")] = None,
    next_step: Annotated[str, typer.Option(help="The next step.")] = "",
    next_on: Annotated[str | None, typer.Option(help="By when (YYYY-MM-DD).")] = None,
) -> None:
    """Record a contact with an employer."""
    from passgenau.domain.partners import EmployerContact, EmployerContactKind, FundingProgramme
    from passgenau.services.partners import add_employer_contact

    contact = EmployerContact(
        employer_id, _on(on), _choice(EmployerContactKind, kind, "--kind"), staff, summary,
        needs, tuple(_choice(FundingProgramme, f, "--funding") for f in funding or ()),
        next_step, _maybe_date(next_on, "--next-on"))
    number = add_employer_contact(runtime().unit_of_work(), contact)
    typer.echo(f"Kontakt Nr. {number} erfasst.")


@employer_contact_app.command("list")
@handles_errors
def employers_contact_list(
    employer_id: Annotated[str | None, typer.Argument(help="Only this employer's.")] = None,
    fmt: Format = "table",
) -> None:
    """The contact history, oldest first."""
    from passgenau.presentation.casework import employer_contacts_json, employer_contacts_table
    from passgenau.services.partners import employer_contacts

    fmt = _check_format(fmt)
    records = employer_contacts(runtime().unit_of_work(), employer_id)
    echo_as(fmt, records, employer_contacts_json, employer_contacts_table)


@partners_app.command("add")
@handles_errors
def partners_add(
    partner_id: Annotated[str, typer.Argument(help="A short id, e.g. P-VHS.")],
    kind: Annotated[str, typer.Option(help="course_provider, integration_manager, "
                                      "coaching_provider or volunteer_group.")],
    name: Annotated[str, typer.Option(help="The organisation's name.")],
    municipality: Annotated[str, typer.Option(help="Where it is.")] = "",
    contact: Annotated[list[str] | None, typer.Option(help="A contact person as "
                                                      "'name;role;email;phone' "
                                                      "(repeatable).")] = None,
) -> None:
    """Add or update a partner organisation with its contact persons."""
    from passgenau.domain.partners import Partner, PartnerContact, PartnerKind
    from passgenau.services.partners import save_partner

    contacts = tuple(PartnerContact(*[*c.split(";"), "", "", ""][:4]) for c in contact or ())
    created = save_partner(runtime().unit_of_work(), Partner(
        partner_id, _choice(PartnerKind, kind, "--kind"), name, municipality, contacts))
    typer.echo(f"Partner {partner_id} {'angelegt' if created else 'aktualisiert'}.")


@partners_app.command("list")
@handles_errors
def partners_list(fmt: Format = "table") -> None:
    """The partner organisations."""
    from passgenau.presentation.casework import partners_json, partners_table
    from passgenau.services.partners import list_partners

    fmt = _check_format(fmt)
    found = list_partners(runtime().unit_of_work())
    echo_as(fmt, found, partners_json, partners_table)


@partners_app.command("refer")
@handles_errors
def partners_refer(
    candidate_id: Annotated[str, typer.Argument(help="The candidate.")],
    partner_id: Annotated[str, typer.Argument(help="The partner.")],
    purpose: Annotated[str, typer.Option(help="What for.")] = "",
    on: OnOption = None,
) -> None:
    """Refer a candidate to a partner."""
    from passgenau.domain.partners import Referral
    from passgenau.services.partners import refer

    number = refer(runtime().unit_of_work(), Referral(candidate_id, partner_id, _on(on),
                                                      purpose))
    typer.echo(f"Zuweisung Nr. {number} erfasst.")


@partners_app.command("answer")
@handles_errors
def partners_answer(
    number: Annotated[int, typer.Argument(help="The referral's number.")],
    status: Annotated[str, typer.Argument(help="accepted, declined or completed.")],
    answer: Annotated[str, typer.Option(help="The partner's answer.")] = "",
    on: OnOption = None,
) -> None:
    """Record a partner's answer to a referral."""
    from passgenau.domain.partners import ReferralStatus
    from passgenau.services.partners import answer_referral

    answer_referral(runtime().unit_of_work(), number,
                    _choice(ReferralStatus, status, "STATUS"), _on(on), answer)
    typer.echo(f"Zuweisung Nr. {number}: Antwort erfasst.")


@partners_app.command("referrals")
@handles_errors
def partners_referrals(
    candidate: Annotated[str | None, typer.Option(help="Only this candidate's.")] = None,
    partner: Annotated[str | None, typer.Option(help="Only to this partner.")] = None,
    fmt: Format = "table",
) -> None:
    """Referrals to partners and their answers."""
    from passgenau.presentation.casework import referrals_json, referrals_table
    from passgenau.services.partners import referrals

    fmt = _check_format(fmt)
    found = referrals(runtime().unit_of_work(), candidate, partner)
    echo_as(fmt, found, referrals_json, referrals_table)
