//! What the benches' loopback servers share.

use tokio::io::AsyncReadExt;

/// Reads a request up to the end of its head (and whatever came with it);
/// `None` if the connection closes first.
pub async fn read_head(socket: &mut tokio::net::TcpStream) -> Option<Vec<u8>> {
    let mut request = Vec::new();
    let mut buffer = [0u8; 8192];
    while !request.windows(4).any(|w| w == b"\r\n\r\n") {
        match socket.read(&mut buffer).await {
            Ok(0) | Err(_) => return None,
            Ok(n) => request.extend_from_slice(&buffer[..n]),
        }
    }
    Some(request)
}
