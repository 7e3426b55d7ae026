//! HTTP `Range` requests (RFC 9110, section 14): one byte range per request,
//! which is all a resumed download needs. Anything else is refused with 416
//! and a sentence, never guessed at.

use std::fmt;

/// The bytes a response carries.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Span {
    /// The first byte.
    pub start: u64,
    /// How many bytes.
    pub len: u64,
    /// Whether it answers a `Range` (206) rather than the whole file (200).
    pub partial: bool,
}

impl Span {
    /// The `Content-Range` value of a partial response, for a file of `size`.
    pub fn content_range(&self, size: u64) -> String {
        // A partial span is never empty (see `parse`), so `len - 1` is safe.
        format!("bytes {}-{}/{size}", self.start, self.start + self.len.saturating_sub(1))
    }
}

/// A `Range` header this server does not serve (416).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RangeError {
    /// Not `bytes=FIRST-LAST`, `bytes=FIRST-` or `bytes=-SUFFIX`.
    Malformed,
    /// More than one range.
    Multiple,
    /// The range starts at or past the end of the file (or is empty).
    Unsatisfiable {
        /// The file's size.
        size: u64,
    },
}

impl fmt::Display for RangeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Malformed => write!(
                f,
                "the Range header is not one of bytes=FIRST-LAST, bytes=FIRST- or bytes=-SUFFIX"
            ),
            Self::Multiple => write!(f, "this server serves one byte range per request"),
            Self::Unsatisfiable { size } => {
                write!(f, "the range asked for lies outside the file, which has {size} bytes")
            }
        }
    }
}

impl std::error::Error for RangeError {}

/// The span a request with `range` (the header's value, if any) gets of a
/// file of `size` bytes.
///
/// # Errors
/// [`RangeError`].
pub fn parse(range: Option<&str>, size: u64) -> Result<Span, RangeError> {
    let Some(range) = range else {
        return Ok(Span { start: 0, len: size, partial: false });
    };
    let spec = range.trim().strip_prefix("bytes=").ok_or(RangeError::Malformed)?;
    if spec.contains(',') {
        return Err(RangeError::Multiple);
    }
    let (first, last) = spec.trim().split_once('-').ok_or(RangeError::Malformed)?;
    let number = |digits: &str| {
        // Digits only: `u64::from_str` would also take a leading `+`.
        if digits.is_empty() || !digits.bytes().all(|byte| byte.is_ascii_digit()) {
            return Err(RangeError::Malformed);
        }
        // More digits than a u64 holds: no file is that large.
        digits.parse::<u64>().map_err(|_| RangeError::Unsatisfiable { size })
    };
    let unsatisfiable = RangeError::Unsatisfiable { size };
    let (start, end) = match (first, last) {
        ("", suffix) => {
            let suffix = number(suffix)?;
            if suffix == 0 || size == 0 {
                return Err(unsatisfiable);
            }
            (size.saturating_sub(suffix), size)
        }
        (first, "") => (number(first)?, size),
        (first, last) => {
            let (first, last) = (number(first)?, number(last)?);
            if last < first {
                return Err(RangeError::Malformed);
            }
            (first, last.saturating_add(1).min(size))
        }
    };
    if start >= size {
        return Err(unsatisfiable);
    }
    Ok(Span { start, len: end - start, partial: true })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn part(start: u64, len: u64) -> Result<Span, RangeError> {
        Ok(Span { start, len, partial: true })
    }

    #[test]
    fn one_range_of_each_form_is_served() {
        assert_eq!(parse(None, 10), Ok(Span { start: 0, len: 10, partial: false }));
        assert_eq!(parse(Some("bytes=0-0"), 10), part(0, 1));
        assert_eq!(parse(Some("bytes=2-5"), 10), part(2, 4));
        assert_eq!(parse(Some("bytes=4-"), 10), part(4, 6));
        assert_eq!(parse(Some("bytes=-3"), 10), part(7, 3));
        // A last byte past the end, or a suffix longer than the file, is cut.
        assert_eq!(parse(Some("bytes=8-1000"), 10), part(8, 2));
        assert_eq!(parse(Some("bytes=-1000"), 10), part(0, 10));
        assert_eq!(parse(Some("bytes=9-"), 10).unwrap().content_range(10), "bytes 9-9/10");
    }

    #[test]
    fn absurd_ranges_are_refused() {
        let unsatisfiable = Err(RangeError::Unsatisfiable { size: 10 });
        for (header, expected) in [
            ("bytes=10-", unsatisfiable.clone()),
            ("bytes=10-20", unsatisfiable.clone()),
            ("bytes=-0", unsatisfiable.clone()),
            ("bytes=99999999999999999999999-", unsatisfiable.clone()),
            ("bytes=5-2", Err(RangeError::Malformed)),
            ("bytes=-", Err(RangeError::Malformed)),
            ("bytes=+1-2", Err(RangeError::Malformed)),
            ("bytes=a-b", Err(RangeError::Malformed)),
            ("items=0-1", Err(RangeError::Malformed)),
            ("bytes=0-1,3-4", Err(RangeError::Multiple)),
            ("", Err(RangeError::Malformed)),
        ] {
            assert_eq!(parse(Some(header), 10), expected, "{header}");
        }
        assert_eq!(parse(Some("bytes=0-"), 0), Err(RangeError::Unsatisfiable { size: 0 }));
        assert_eq!(parse(Some("bytes=-1"), 0), Err(RangeError::Unsatisfiable { size: 0 }));
    }
}
