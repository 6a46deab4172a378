//! `cargo bench -p client-tests --bench download_memory`: the peak memory of
//! a 200 MB download, streamed with `stream()` and read whole with `send()`,
//! from a server on 127.0.0.1 that writes it 64 KiB at a time.
//!
//! Peak resident memory is the kernel's high-water mark (`VmHWM` in
//! `/proc/self/status`), reset before each download by writing `5` to
//! `/proc/self/clear_refs`; Linux only. It prints the peaks and asserts
//! nothing.

use std::time::Instant;

use futures_util::StreamExt;
use streams_client::Client;
use tokio::io::AsyncWriteExt;
use tokio::net::TcpListener;

mod support;

const SIZE: usize = 200 * 1024 * 1024;
const PIECE: usize = 64 * 1024;

async fn serve() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move {
        let piece: Vec<u8> = (0..PIECE).map(|i| (i % 251) as u8).collect();
        loop {
            let Ok((mut socket, _)) = listener.accept().await else { return };
            let piece = piece.clone();
            tokio::spawn(async move {
                // A small request body comes with its head.
                if support::read_head(&mut socket).await.is_none() {
                    return;
                }
                let head = format!(
                    "HTTP/1.1 200 OK\r\ncontent-type: application/octet-stream\r\ncontent-length: {SIZE}\r\nconnection: close\r\n\r\n"
                );
                let _ = socket.write_all(head.as_bytes()).await;
                for _ in 0..SIZE / PIECE {
                    if socket.write_all(&piece).await.is_err() {
                        return;
                    }
                }
            });
        }
    });
    url
}

/// The resident-memory high-water mark, in MiB.
fn peak_mib() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    let kib: f64 = status.lines().find_map(|line| line.strip_prefix("VmHWM:")).unwrap().trim().trim_end_matches(" kB").trim().parse().unwrap();
    kib / 1024.0
}

fn reset_peak() {
    std::fs::write("/proc/self/clear_refs", "5").expect("Linux resets the peak through /proc/self/clear_refs");
}

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().unwrap();
    runtime.block_on(async {
        let url = serve().await;
        let client = Client::builder().base_url(&url).build().unwrap();
        // One small request first, so the connection machinery is counted in
        // the baseline, not in either download.
        let mut warm = client.download_file("warm-up").stream().await.unwrap();
        while let Some(chunk) = warm.next().await {
            chunk.unwrap();
        }

        reset_peak();
        let before = peak_mib();
        let start = Instant::now();
        let mut chunks = client.download_file("f1").stream().await.unwrap();
        let mut total = 0;
        while let Some(chunk) = chunks.next().await {
            total += chunk.unwrap().len();
        }
        assert_eq!(total, SIZE);
        let streamed = (peak_mib() - before, start.elapsed());

        reset_peak();
        let before = peak_mib();
        let start = Instant::now();
        let whole = client.download_file("f1").send().await.unwrap();
        assert_eq!(whole.len(), SIZE);
        let buffered = (peak_mib() - before, start.elapsed());
        drop(whole);

        println!("a {} MiB download, peak resident memory above the baseline:", SIZE / 1024 / 1024);
        println!("stream() {:>8.1} MiB {:>8.0} ms", streamed.0, streamed.1.as_secs_f64() * 1e3);
        println!("send()   {:>8.1} MiB {:>8.0} ms", buffered.0, buffered.1.as_secs_f64() * 1e3);
    });
}
