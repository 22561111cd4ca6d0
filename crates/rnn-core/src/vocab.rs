//! Vocabulary (being written).
