//! The golden runs natively (`goldens/mod.rs` says what they pin and how to regenerate them).

mod goldens;

#[test]
fn every_golden_run_gives_its_committed_bits() {
    let mismatches = goldens::mismatches();
    assert!(
        mismatches.is_empty(),
        "{} golden values differ; if the change is meant, bump rnn_core::LINK_VERSION and the page's `v`, and regenerate \
         (crates/rnn-core/tests/goldens/mod.rs says how):\n{}",
        mismatches.len(),
        mismatches.join("\n")
    );
}

/// Prints the golden file as this build computes it: `cargo test -p rnn-core --test golden -- --ignored --nocapture`.
#[test]
#[ignore = "prints the goldens for a deliberate bump; writes nothing"]
fn print_goldens() {
    println!("{}", goldens::actual_text());
}
