//! Replays the checked-in fuzz corpus (`tests/fuzz/corpus/<target>/`) through the fuzz
//! targets' code on stable Rust, so that every input the fuzzer kept, crashes found and
//! fixed among them, stays a regression test.

use std::path::Path;

#[test]
fn every_corpus_input_runs_clean() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus");
    for (target, run) in tests::fuzz::TARGETS {
        let dir = root.join(target);
        let mut inputs: Vec<_> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .map(|entry| entry.expect("readable corpus entry").path())
            .collect();
        inputs.sort();
        assert!(!inputs.is_empty(), "no corpus for {target}");
        for input in &inputs {
            let data = std::fs::read(input).expect("readable corpus file");
            run(&data);
        }
        println!("{target}: {} inputs replayed", inputs.len());
    }
}
