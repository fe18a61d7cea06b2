//! Compile-time checks, one case per rule: `ui/fail/*.rs` must fail with exactly the
//! diagnostics in the `.stderr` beside it, `ui/pass/*.rs` must compile.
//!
//! The snapshots are rustc's output on the toolchain in `rust-toolchain.toml`'s comment
//! (1.95.0); another rustc may word or place things differently. After an intended change
//! to a message, regenerate them with `TRYBUILD=overwrite cargo test -p tests --test ui` and
//! read the diff.

#[test]
fn ui() {
    let cases = trybuild::TestCases::new();
    cases.compile_fail("ui/fail/*.rs");
    cases.pass("ui/pass/*.rs");
}
