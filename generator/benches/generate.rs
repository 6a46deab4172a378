//! `cargo bench -p generator`: how long generation takes and how much memory it
//! needs, per spec: the four curated ones and every spec of the corpus, split
//! specs included (from their entry files, so the time includes reading every
//! file they reach), and, when `cargo xtask compare` has left them in
//! `target/compare/`, Redocly's bundles and swagger2openapi's conversions of the
//! same specs, so reading them ourselves can be set beside them.
//!
//! A plain bench binary (no harness): it prints the median and the spread of
//! repeated runs, and the process's peak resident memory. It asserts nothing
//! about time; machines here are shared and noisy.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf();
    let mut specs: Vec<PathBuf> = Vec::new();
    for dir in [root.join("specs"), root.join("corpus/vendors"), root.join("corpus")] {
        specs.extend(generator::spec_files(&dir).unwrap());
    }
    let split = std::fs::read_to_string(root.join("corpus/split-specs.txt")).unwrap();
    let entries = split.lines().map(str::trim).filter(|line| !line.is_empty() && !line.starts_with('#'));
    specs.extend(entries.map(|entry| root.join("corpus").join(entry)));
    specs.extend(generator::spec_files(&root.join("target/compare")).unwrap_or_default());
    println!("{:<56} {:>6} {:>10} {:>10} {:>10} {:>9}", "spec", "runs", "median", "min", "max", "out KiB");
    for spec in specs {
        let bytes = std::fs::read(&spec).unwrap();
        let size = bytes.len() as u64;
        // Fewer runs for the multi-megabyte specs keep the whole bench under a minute.
        let runs = if size > 1_000_000 { 5 } else { 20 };
        let mut times: Vec<Duration> = Vec::with_capacity(runs);
        let mut output = 0;
        for _ in 0..runs {
            let start = Instant::now();
            let Ok(generated) = generator::generate(&bytes, &spec, "bench") else { break };
            times.push(start.elapsed());
            output = generated.files.iter().map(|(_, c)| c.len()).sum::<usize>();
        }
        let name = spec.strip_prefix(&root).unwrap_or(&spec).to_string_lossy();
        if times.len() < runs {
            println!("{name:<56} does not generate");
            continue;
        }
        times.sort();
        println!(
            "{:<56} {:>6} {:>10.1?} {:>10.1?} {:>10.1?} {:>9}",
            name,
            runs,
            times[runs / 2],
            times[0],
            times[runs - 1],
            output / 1024
        );
    }
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    if let Some(peak) = status.lines().find(|l| l.starts_with("VmHWM")) {
        println!("peak resident memory of the whole run: {}", peak.trim_start_matches("VmHWM:").trim());
    }
}
