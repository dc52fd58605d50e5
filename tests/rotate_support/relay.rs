//! A TCP relay on 127.0.0.1 that runs a step of the test at a chosen
//! moment of a rotation: when the first connection arrives, or before the
//! client's first chunk that contains a given text is passed on.

use std::io::{Read as _, Write as _};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};

/// When the relay runs its step.
#[derive(Clone, Copy)]
pub enum When {
    /// As the first connection arrives, before any byte is relayed.
    FirstConnection,
    /// Before relaying the first client chunk that contains this text
    /// (the tail of the chunk before is kept, so a split text is found).
    ClientSends(&'static str),
}

type Step = Arc<Mutex<Option<Box<dyn FnOnce() + Send>>>>;

/// A relay to 127.0.0.1:`upstream` that runs `step` once, `when`.
/// Returns its port.
pub fn relay(upstream: u16, when: When, step: impl FnOnce() + Send + 'static) -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let step: Step = Arc::new(Mutex::new(Some(Box::new(step))));
    std::thread::spawn(move || {
        for client in listener.incoming() {
            let Ok(client) = client else { return };
            if let When::FirstConnection = when {
                run(&step);
            }
            let server = TcpStream::connect(("127.0.0.1", upstream)).unwrap();
            let up = (client.try_clone().unwrap(), server.try_clone().unwrap());
            let watch = match when {
                When::ClientSends(text) => Some((text, Arc::clone(&step))),
                When::FirstConnection => None,
            };
            std::thread::spawn(move || copy(up.0, up.1, watch));
            std::thread::spawn(move || copy(server, client, None));
        }
    });
    port
}

fn run(step: &Step) {
    if let Some(step) = step.lock().unwrap().take() {
        step();
    }
}

fn copy(mut from: TcpStream, mut to: TcpStream, watch: Option<(&str, Step)>) {
    let mut buf = [0u8; 16 * 1024];
    let mut seen = Vec::new();
    while let Ok(n @ 1..) = from.read(&mut buf) {
        if let Some((text, step)) = &watch {
            let keep = seen.len().saturating_sub(text.len());
            seen.drain(..keep);
            seen.extend_from_slice(&buf[..n]);
            if seen.windows(text.len()).any(|w| w == text.as_bytes()) {
                run(step);
            }
        }
        if to.write_all(&buf[..n]).is_err() {
            break;
        }
    }
    let _ = to.shutdown(std::net::Shutdown::Write);
}
