//! Calendar dates from Unix seconds (UTC), for `ls -l`, `date` and `stat`.

/// Year, month (1-12), day, hour, minute, second, weekday (0 = Sunday), day of year.
pub fn civil(secs: u64) -> (i64, u32, u32, u32, u32, u32, u32, u32) {
    let days = (secs / 86400) as i64;
    let rem = secs % 86400;
    let (y, m, d) = crate::time::civil_from_days(days);
    let (m, d) = (m as u32, d as u32);
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let before = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334];
    let yday = before.get((m - 1) as usize).copied().unwrap_or(0) + d + u32::from(leap && m > 2);
    let wday = ((days % 7 + 11) % 7) as u32; // 1970-01-01 was a Thursday
    (
        y,
        m,
        d,
        (rem / 3600) as u32,
        (rem % 3600 / 60) as u32,
        (rem % 60) as u32,
        wday,
        yday,
    )
}

pub const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];
