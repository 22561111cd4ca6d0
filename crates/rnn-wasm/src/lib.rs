//! wasm-bindgen bindings (filled in by the page issue).
