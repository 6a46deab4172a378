//! `Timestamp`: a `format: date-time` value that encodes back as it was sent.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, FixedOffset, TimeZone, Timelike, Utc};

/// A `format: date-time` value: an instant and its UTC offset.
///
/// It encodes back exactly as the API spelled it: the fraction digits, `Z` or
/// `+00:00`, the separator. Real APIs also send date-times that RFC 3339 does
/// not allow, without an offset (`2023-01-01T00:00:00`); such a value is read
/// as UTC, [`has_offset`](Self::has_offset) says so, and it is sent back
/// without one. Two timestamps are equal when they name the same instant.
///
/// Build one from any chrono `DateTime` with `From`, or parse one with `str::parse`.
#[derive(Clone, Copy, Debug)]
pub struct Timestamp {
    value: DateTime<FixedOffset>,
    spelling: Spelling,
}

#[derive(Clone, Copy, Debug)]
struct Spelling {
    separator: char,
    fraction_digits: u32,
    offset: OffsetSpelling,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum OffsetSpelling {
    /// `Z` or `z`, as written.
    Zulu(char),
    /// `+01:00`.
    Numeric,
    /// `-00:00`: RFC 3339's "UTC, local offset unknown".
    UnknownLocal,
    /// None written: read as UTC.
    Absent,
}

/// A text that is not a date-time.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{text}` is not a date-time (RFC 3339, with or without an offset)")]
pub struct TimestampError {
    text: String,
}

impl Timestamp {
    /// The instant with the offset it was given in (UTC when none was given).
    pub fn date_time(&self) -> DateTime<FixedOffset> {
        self.value
    }

    /// The instant in UTC.
    pub fn to_utc(&self) -> DateTime<Utc> {
        self.value.to_utc()
    }

    /// Whether the value carried a UTC offset; one without is read as UTC.
    pub fn has_offset(&self) -> bool {
        self.spelling.offset != OffsetSpelling::Absent
    }
}

impl FromStr for Timestamp {
    type Err = TimestampError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let invalid = || TimestampError { text: text.to_string() };
        // `YYYY-MM-DD?hh:mm:ss`, then an optional fraction, then the offset.
        let (date, rest) = text.split_at_checked(10).ok_or_else(invalid)?;
        let mut chars = rest.chars();
        let separator = chars.next().filter(|c| matches!(c, 'T' | 't' | ' ')).ok_or_else(invalid)?;
        let (time, rest) = chars.as_str().split_at_checked(8).ok_or_else(invalid)?;
        let digits = rest.strip_prefix('.').map_or(0, |f| f.bytes().take_while(u8::is_ascii_digit).count());
        let (fraction, offset_text) = rest.split_at(if digits > 0 { digits + 1 } else { 0 });
        let offset = match offset_text {
            "" => OffsetSpelling::Absent,
            "-00:00" => OffsetSpelling::UnknownLocal,
            "Z" | "z" => OffsetSpelling::Zulu(offset_text.chars().next().unwrap_or('Z')),
            _ => OffsetSpelling::Numeric,
        };
        let zone = if matches!(offset, OffsetSpelling::Numeric | OffsetSpelling::UnknownLocal) { offset_text } else { "Z" };
        let value = DateTime::parse_from_rfc3339(&format!("{date}T{time}{fraction}{zone}")).map_err(|_| invalid())?;
        let fraction_digits = u32::try_from(digits).ok().filter(|d| *d <= 9).ok_or_else(invalid)?;
        Ok(Timestamp { value, spelling: Spelling { separator, fraction_digits, offset } })
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Spelling { separator, fraction_digits, offset } = self.spelling;
        write!(f, "{}{separator}{}", self.value.format("%Y-%m-%d"), self.value.format("%H:%M:%S"))?;
        if fraction_digits > 0 {
            // A leap second's nanoseconds run past one second; `%S` already shows 60.
            let nanos = self.value.nanosecond() % 1_000_000_000;
            let width = fraction_digits as usize;
            write!(f, ".{:0width$}", nanos / 10u32.pow(9 - fraction_digits))?;
        }
        match offset {
            OffsetSpelling::Zulu(zulu) => write!(f, "{zulu}"),
            OffsetSpelling::Numeric => write!(f, "{}", self.value.format("%:z")),
            OffsetSpelling::UnknownLocal => f.write_str("-00:00"),
            OffsetSpelling::Absent => Ok(()),
        }
    }
}

/// Spelled as RFC 3339: `Z` for UTC, and as many fraction digits (0, 3, 6 or 9) as the value needs.
impl<Tz: TimeZone> From<DateTime<Tz>> for Timestamp {
    fn from(value: DateTime<Tz>) -> Self {
        let value = value.fixed_offset();
        let nanos = value.nanosecond() % 1_000_000_000;
        // Milli-, micro- or nanoseconds: the fewest that show every digit.
        let significant = format!("{nanos:09}").trim_end_matches('0').len();
        let fraction_digits = u32::try_from(significant.div_ceil(3) * 3).unwrap_or(9);
        let offset = if value.offset().local_minus_utc() == 0 { OffsetSpelling::Zulu('Z') } else { OffsetSpelling::Numeric };
        Timestamp { value, spelling: Spelling { separator: 'T', fraction_digits, offset } }
    }
}

impl From<Timestamp> for DateTime<FixedOffset> {
    fn from(timestamp: Timestamp) -> Self {
        timestamp.value
    }
}

impl From<Timestamp> for DateTime<Utc> {
    fn from(timestamp: Timestamp) -> Self {
        timestamp.to_utc()
    }
}

impl PartialEq for Timestamp {
    fn eq(&self, other: &Self) -> bool {
        self.value == other.value
    }
}

impl Eq for Timestamp {}

impl std::hash::Hash for Timestamp {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.value.hash(state);
    }
}

impl PartialOrd for Timestamp {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Timestamp {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.value.cmp(&other.value)
    }
}

impl serde::Serialize for Timestamp {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for Timestamp {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = Timestamp;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a date-time string")
            }
            fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<Timestamp, E> {
                text.parse().map_err(E::custom)
            }
        }
        deserializer.deserialize_str(Visitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trip(text: &str) -> String {
        text.parse::<Timestamp>().unwrap_or_else(|e| panic!("{e}")).to_string()
    }

    #[test]
    fn encodes_back_as_it_was_spelled() {
        for text in [
            "2023-01-01T00:00:00Z",
            "2023-01-01T00:00:00+00:00",
            "2023-01-01T00:00:00-00:00",
            "2023-01-01t00:00:00z",
            "2023-01-01 00:00:00+05:30",
            "2023-01-01T00:00:00.000Z",
            "2023-01-01T00:00:00.1+01:00",
            "2023-01-01T00:00:00.123456789Z",
            "2023-01-01T00:00:00",
            "2023-01-01T00:00:00.5",
        ] {
            assert_eq!(round_trip(text), text);
        }
    }

    #[test]
    fn a_value_without_an_offset_is_utc_and_says_so() {
        let bare: Timestamp = "2023-01-01T10:00:00".parse().unwrap();
        let zulu: Timestamp = "2023-01-01T10:00:00Z".parse().unwrap();
        assert!(!bare.has_offset());
        assert!(zulu.has_offset());
        assert_eq!(bare, zulu);
        assert_eq!(bare.to_utc(), zulu.to_utc());
    }

    #[test]
    fn equal_means_the_same_instant() {
        let a: Timestamp = "2023-01-01T10:00:00+01:00".parse().unwrap();
        let b: Timestamp = "2023-01-01T09:00:00.000Z".parse().unwrap();
        assert_eq!(a, b);
        assert!(a < "2023-01-01T09:00:01Z".parse().unwrap());
    }

    #[test]
    fn rejects_what_is_not_a_date_time() {
        for text in ["", "2023-01-01", "2023-13-01T00:00:00Z", "2023-01-01T00:00:00+0100x", "yesterday", "2023-01-01T00:00:00.1234567891Z"] {
            assert!(text.parse::<Timestamp>().is_err(), "{text}");
        }
        let error = serde_json::from_str::<Timestamp>("\"soon\"").unwrap_err().to_string();
        assert!(error.contains("`soon` is not a date-time"), "{error}");
    }

    #[test]
    fn from_chrono_is_spelled_as_rfc_3339() {
        let utc = DateTime::parse_from_rfc3339("2023-01-01T00:00:00.250+00:00").unwrap();
        assert_eq!(Timestamp::from(utc).to_string(), "2023-01-01T00:00:00.250Z");
        let paris = DateTime::parse_from_rfc3339("2023-01-01T01:00:00+01:00").unwrap();
        assert_eq!(Timestamp::from(paris).to_string(), "2023-01-01T01:00:00+01:00");
        assert_eq!(DateTime::<FixedOffset>::from(Timestamp::from(paris)), paris);
    }

    #[test]
    fn serde_uses_the_text() {
        let value: Timestamp = serde_json::from_str("\"2023-01-01T00:00:00.10+02:00\"").unwrap();
        assert_eq!(serde_json::to_string(&value).unwrap(), "\"2023-01-01T00:00:00.10+02:00\"");
    }
}
