//! A connection that is closed when it makes no progress: a client that
//! stops reading a download, or keeps a connection open sending nothing,
//! holds its connection slot for at most the idle timeout.

use hyper::rt::{Read, ReadBufCursor, Write};
use std::future::Future;
use std::io;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;
use tokio::time::{Instant, Sleep};

/// `inner`, failing with `TimedOut` once neither a read nor a write has
/// made progress for `timeout`. Progress in either direction counts: a
/// download in flight sends while it reads nothing.
pub struct Idle<T> {
    inner: T,
    timeout: Duration,
    last_progress: Instant,
    sleep: Pin<Box<Sleep>>,
}

impl<T> Idle<T> {
    /// Wraps `inner`.
    pub fn new(inner: T, timeout: Duration) -> Self {
        let now = Instant::now();
        Self { inner, timeout, last_progress: now, sleep: Box::pin(tokio::time::sleep(timeout)) }
    }

    fn progressed(&mut self) {
        self.last_progress = Instant::now();
    }

    /// Whether the connection has been idle too long; arms the timer so the
    /// task wakes when it will have.
    fn expired(&mut self, cx: &mut Context<'_>) -> bool {
        let deadline = self.last_progress + self.timeout;
        if self.sleep.deadline() != deadline {
            self.sleep.as_mut().reset(deadline);
        }
        self.sleep.as_mut().poll(cx).is_ready()
    }

    fn timed_out() -> io::Error {
        io::Error::new(io::ErrorKind::TimedOut, "the connection made no progress")
    }
}

impl<T: Read + Unpin> Read for Idle<T> {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: ReadBufCursor<'_>,
    ) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        match Pin::new(&mut this.inner).poll_read(cx, buf) {
            Poll::Pending if this.expired(cx) => Poll::Ready(Err(Self::timed_out())),
            Poll::Pending => Poll::Pending,
            ready => {
                this.progressed();
                ready
            }
        }
    }
}

impl<T: Write + Unpin> Write for Idle<T> {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        match Pin::new(&mut this.inner).poll_write(cx, buf) {
            Poll::Pending if this.expired(cx) => Poll::Ready(Err(Self::timed_out())),
            Poll::Pending => Poll::Pending,
            ready => {
                this.progressed();
                ready
            }
        }
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        match Pin::new(&mut this.inner).poll_flush(cx) {
            Poll::Pending if this.expired(cx) => Poll::Ready(Err(Self::timed_out())),
            other => other,
        }
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().inner).poll_shutdown(cx)
    }
}
