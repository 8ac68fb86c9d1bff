"""Letters and files for people outside the Jobcenter: the candidate's invitation (PDF, in
German and their own language), the event's calendar entry (iCalendar) and the e-mail
that carries both.

Pure rendering: functions take typed values and return bytes (or an unsent
:class:`email.message.EmailMessage`); sending, travel look-ups and storage belong to
:mod:`passgenau.services`. Texts come from the gettext catalogues in ``locale/`` (Babel).
"""
