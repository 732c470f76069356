"""xAPI records for a class: statements built from progress events, an outbox in the progress database written in
the same transaction as the progress, a sender to any conformant learning record store, and an instructor's
report read back from it. No Textual; httpx loads only when a client is made. The contract is docs/records.md.
"""

from tui.lazy_exports import lazy_exports

_EXPORTS = {
    **dict.fromkeys(["start_recording", "Recording", "RecordsConfig"], "recording"),
    **dict.fromkeys(["StatementBuilder", "Learner", "COURSE_IRI"], "statements"),
    **dict.fromkeys(["send_waiting", "SyncResult", "BackgroundSender"], "sender"),
    **dict.fromkeys(["LrsClient", "LrsUnavailable", "LrsRejected"], "lrs"),
    **dict.fromkeys(["load_credentials", "Credentials", "CredentialsError"], "credentials"),
    **dict.fromkeys(["build_report", "ClassReport"], "report"),
    "Outbox": "outbox",
}
__all__ = sorted(_EXPORTS)
__getattr__ = lazy_exports(__name__, _EXPORTS)
