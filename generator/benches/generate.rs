//! `cargo bench -p generator`: how long generation takes and how much memory it
//! needs, per spec: the four curated ones and the large public vendor specs.
//!
//! A plain bench binary (no harness): it prints the median and the spread of
//! repeated runs, and the process's peak resident memory. It asserts nothing
//! about time; machines here are shared and noisy.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf();
    let mut specs: Vec<PathBuf> = Vec::new();
    for dir in [root.join("specs"), root.join("../shared/specs-large")] {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            eprintln!("skipping {}: not found", dir.display());
            continue;
        };
        let mut found: Vec<PathBuf> = entries.map(|e| e.unwrap().path()).collect();
        found.sort();
        specs.extend(found);
    }
    println!("{:<48} {:>6} {:>10} {:>10} {:>10} {:>9}", "spec", "runs", "median", "min", "max", "out KiB");
    for spec in specs {
        let bytes = std::fs::read(&spec).unwrap();
        let size = bytes.len() as u64;
        // Fewer runs for the multi-megabyte specs keep the whole bench under a minute.
        let runs = if size > 1_000_000 { 5 } else { 20 };
        let mut times: Vec<Duration> = Vec::with_capacity(runs);
        let mut output = 0;
        for _ in 0..runs {
            let start = Instant::now();
            let generated = generator::generate(&bytes, &spec, "bench").unwrap();
            times.push(start.elapsed());
            output = generated.files.iter().map(|(_, c)| c.len()).sum::<usize>();
        }
        times.sort();
        let name = spec.file_name().unwrap().to_string_lossy();
        println!(
            "{:<48} {:>6} {:>10.1?} {:>10.1?} {:>10.1?} {:>9}",
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
