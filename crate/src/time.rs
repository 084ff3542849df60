//! Wall-clock times without a date library: RFC 3339 parsing and formatting, and Docker's
//! human durations (go-units HumanDuration).

/// Nanoseconds since the Unix epoch.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Timestamp(pub i128);

const NANOS: i128 = 1_000_000_000;

impl Timestamp {
    pub fn from_unix_seconds(s: i64) -> Timestamp {
        Timestamp(s as i128 * NANOS)
    }

    pub fn from_millis(ms: f64) -> Timestamp {
        Timestamp((ms as i128) * 1_000_000)
    }

    pub fn unix_seconds(self) -> i64 {
        self.0.div_euclid(NANOS) as i64
    }

    /// Parses `2019-01-01T01:29:27.650294696Z` or with a `+hh:mm` offset.
    pub fn parse_rfc3339(s: &str) -> Option<Timestamp> {
        let b = s.as_bytes();
        if b.len() < 20 {
            return None;
        }
        let num = |r: std::ops::Range<usize>| -> Option<i64> {
            let t = s.get(r)?;
            if !t.bytes().all(|c| c.is_ascii_digit()) {
                return None;
            }
            t.parse().ok()
        };
        let (y, mo, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
        let (h, mi, se) = (num(11..13)?, num(14..16)?, num(17..19)?);
        if b[4] != b'-' || b[7] != b'-' || !matches!(b[10], b'T' | b't' | b' ') {
            return None;
        }
        if b[13] != b':' || b[16] != b':' || !(1..=12).contains(&mo) || !(1..=31).contains(&d) {
            return None;
        }
        if h > 23 || mi > 59 || se > 60 {
            return None;
        }
        let mut i = 19;
        let mut frac: i128 = 0;
        if b.get(i) == Some(&b'.') {
            i += 1;
            let start = i;
            while i < b.len() && b[i].is_ascii_digit() {
                i += 1;
            }
            let digits = &s[start..i];
            if digits.is_empty() {
                return None;
            }
            for (k, c) in digits.bytes().take(9).enumerate() {
                frac += (c - b'0') as i128 * 10i128.pow(8 - k as u32);
            }
        }
        let offset = match &s[i..] {
            "Z" | "z" => 0,
            rest if rest.len() == 6 && (rest.starts_with('+') || rest.starts_with('-')) => {
                let oh: i64 = rest.get(1..3)?.parse().ok()?;
                let om: i64 = rest.get(4..6)?.parse().ok()?;
                let sign = if rest.starts_with('-') { -1 } else { 1 };
                sign * (oh * 3600 + om * 60)
            }
            _ => return None,
        };
        let days = days_from_civil(y, mo, d);
        let secs = days * 86400 + h * 3600 + mi * 60 + se - offset;
        Some(Timestamp(secs as i128 * NANOS + frac))
    }

    /// RFC 3339 in UTC with nanoseconds trimmed as Go's RFC3339Nano does.
    pub fn to_rfc3339_nano(self) -> String {
        let secs = self.0.div_euclid(NANOS) as i64;
        let nanos = self.0.rem_euclid(NANOS) as u32;
        let mut s = self.format_seconds(secs);
        if nanos > 0 {
            let f = format!("{nanos:09}");
            s.push('.');
            s.push_str(f.trim_end_matches('0'));
        }
        s.push('Z');
        s
    }

    /// RFC 3339 in UTC, whole seconds (Go's time.RFC3339).
    pub fn to_rfc3339(self) -> String {
        let mut s = self.format_seconds(self.unix_seconds());
        s.push('Z');
        s
    }

    fn format_seconds(self, secs: i64) -> String {
        let days = secs.div_euclid(86400);
        let rem = secs.rem_euclid(86400);
        let (y, m, d) = civil_from_days(days);
        format!(
            "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}",
            rem / 3600,
            rem % 3600 / 60,
            rem % 60
        )
    }
}

fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146097 + doe - 719468
}

/// The proleptic Gregorian date (year, month 1-12, day) of a day count since 1970-01-01.
pub fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719468;
    let era = z.div_euclid(146097);
    let doe = z - era * 146097;
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// go-units HumanDuration.
pub fn human_duration(nanos: i128) -> String {
    let seconds = nanos / NANOS;
    if seconds < 1 {
        return "Less than a second".to_string();
    }
    if seconds == 1 {
        return "1 second".to_string();
    }
    if seconds < 60 {
        return format!("{seconds} seconds");
    }
    let minutes = seconds / 60;
    if minutes == 1 {
        return "About a minute".to_string();
    }
    if minutes < 60 {
        return format!("{minutes} minutes");
    }
    // d.Round(time.Hour).Hours()
    let hour = 3600 * NANOS;
    let hours = (nanos + hour / 2) / hour;
    if hours == 1 {
        return "About an hour".to_string();
    }
    if hours < 48 {
        return format!("{hours} hours");
    }
    if hours < 24 * 7 * 2 {
        return format!("{} days", hours / 24);
    }
    if hours < 24 * 30 * 2 {
        return format!("{} weeks", hours / 24 / 7);
    }
    if hours < 24 * 365 * 2 {
        return format!("{} months", hours / 24 / 30);
    }
    format!("{} years", nanos / hour / 24 / 365)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc3339_roundtrip() {
        let t = Timestamp::parse_rfc3339("2019-01-01T01:29:27.650294696Z").unwrap();
        assert_eq!(t.to_rfc3339_nano(), "2019-01-01T01:29:27.650294696Z");
        assert_eq!(t.to_rfc3339(), "2019-01-01T01:29:27Z");
        let t = Timestamp::parse_rfc3339("1970-01-01T01:00:00+01:00").unwrap();
        assert_eq!(t.0, 0);
        assert!(Timestamp::parse_rfc3339("2019-13-01T00:00:00Z").is_none());
        assert!(Timestamp::parse_rfc3339("yesterday").is_none());
        assert_eq!(Timestamp(0).to_rfc3339_nano(), "1970-01-01T00:00:00Z");
        let t = Timestamp::parse_rfc3339("2024-02-29T23:59:59.5Z").unwrap();
        assert_eq!(t.to_rfc3339_nano(), "2024-02-29T23:59:59.5Z");
    }

    #[test]
    fn durations_like_go_units() {
        let s = |x: i128| human_duration(x * NANOS);
        assert_eq!(s(0), "Less than a second");
        assert_eq!(s(1), "1 second");
        assert_eq!(s(59), "59 seconds");
        assert_eq!(s(60), "About a minute");
        assert_eq!(s(119), "About a minute");
        assert_eq!(s(120), "2 minutes");
        assert_eq!(s(3599), "59 minutes");
        assert_eq!(s(3600), "About an hour");
        assert_eq!(s(5399), "About an hour");
        assert_eq!(s(5400), "2 hours");
        assert_eq!(s(47 * 3600), "47 hours");
        assert_eq!(s(48 * 3600), "2 days");
        assert_eq!(s(14 * 86400), "2 weeks");
        assert_eq!(s(60 * 86400), "2 months");
        assert_eq!(s(730 * 86400), "2 years");
    }
}
