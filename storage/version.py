"""What a Livedesk store file says about itself, without loading the migrations.

``storage.schema`` holds the migrations themselves (they need sqlite-utils, which the app loads
only when a store is created or upgraded, or on its first write); opening an up-to-date store
needs only these two numbers. ``schema.py`` checks on import that they agree with it.
"""

from __future__ import annotations

#: ``PRAGMA application_id`` of a Livedesk store: the bytes "LDK1".
APPLICATION_ID = 0x4C444B31
#: The number of migrations in ``storage.schema`` (and the store's ``PRAGMA user_version``).
SCHEMA_VERSION = 3
