//! Built-in corpora (being written).
