//! Calendar arithmetic on [`Date`]s that the schedule needs and the model does not: adding
//! days, weekdays, adding months, the build date (injected, from `SOURCE_DATE_EPOCH`, or
//! the clock), and parsing `HH:MM`.

use crate::model::{days_in_month, Date};

/// `date` plus `days` (may be negative).
pub fn add_days(date: Date, days: i64) -> Option<Date> {
    Date::from_days_since_epoch(date.days_since_epoch() + days)
}

/// `date` plus `months` calendar months, the day clamped to the month's length (Aug 31 + 6
/// months is Feb 28 or 29).
pub fn add_months(date: Date, months: u32) -> Option<Date> {
    let index = i64::from(date.year) * 12 + i64::from(date.month) - 1 + i64::from(months);
    let year = i32::try_from(index.div_euclid(12)).ok()?;
    let month = u32::try_from(index.rem_euclid(12) + 1).ok()?;
    Date::new(year, month, date.day.min(days_in_month(year, month)))
}

pub const WEEKDAYS: [&str; 7] = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

/// 0 for Monday … 6 for Sunday.
pub fn weekday(date: Date) -> usize {
    // 1970-01-01 was a Thursday (3).
    (date.days_since_epoch() + 3).rem_euclid(7) as usize
}

/// `Thursday`.
pub fn weekday_name(date: Date) -> String {
    let name = WEEKDAYS.get(weekday(date)).copied().unwrap_or("");
    let mut chars = name.chars();
    chars
        .next()
        .map(|c| c.to_ascii_uppercase().to_string() + chars.as_str())
        .unwrap_or_default()
}

/// `thursday`, `Thu`, `THURSDAY` → 3.
pub fn parse_weekday(text: &str) -> Option<usize> {
    let t = text.trim().to_ascii_lowercase();
    if t.len() < 3 {
        return None;
    }
    WEEKDAYS.iter().position(|w| w.starts_with(&t))
}

/// `15:00`, `9:30` → (hour, minute) on a 24-hour clock.
pub fn parse_time(text: &str) -> Option<(u8, u8)> {
    let (h, m) = text.trim().split_once(':')?;
    if h.is_empty() || h.len() > 2 || m.len() != 2 {
        return None;
    }
    let h: u8 = h.parse().ok()?;
    let m: u8 = m.parse().ok()?;
    (h < 24 && m < 60).then_some((h, m))
}

/// The date of this build: the one given, else `SOURCE_DATE_EPOCH` (seconds since 1970, the
/// reproducible-builds convention), else today's date (UTC) from the clock.
pub fn build_date(given: Option<Date>) -> Result<Date, String> {
    if let Some(d) = given {
        return Ok(d);
    }
    let seconds = match std::env::var("SOURCE_DATE_EPOCH") {
        Ok(v) => v.trim().parse::<i64>().map_err(|_| {
            format!(
                "SOURCE_DATE_EPOCH must be a whole number of seconds since 1970-01-01, found {v:?}"
            )
        })?,
        Err(_) => std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(0)),
    };
    Date::from_days_since_epoch(seconds.div_euclid(86_400))
        .ok_or_else(|| format!("the build date ({seconds} s since 1970) is out of range"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> Date {
        Date::new(y, m, day).expect("valid date")
    }

    #[test]
    fn adds_days() {
        // Days back to dates is `Date::from_days_since_epoch`, tested in `model`.
        assert_eq!(add_days(d(2024, 2, 28), 2), Some(d(2024, 3, 1)));
        assert_eq!(add_days(d(2024, 3, 1), -1), Some(d(2024, 2, 29)));
    }

    #[test]
    fn adds_months_clamping_the_day() {
        assert_eq!(add_months(d(2023, 8, 31), 6), Some(d(2024, 2, 29)));
        assert_eq!(add_months(d(2023, 11, 5), 2), Some(d(2024, 1, 5)));
    }

    #[test]
    fn knows_weekdays() {
        assert_eq!(weekday(d(2023, 6, 22)), 3);
        assert_eq!(weekday_name(d(2024, 1, 1)), "Monday");
        assert_eq!(parse_weekday("Thu"), Some(3));
        assert_eq!(parse_weekday("th"), None);
        assert_eq!(parse_weekday("funday"), None);
    }

    #[test]
    fn parses_times() {
        assert_eq!(parse_time("15:00"), Some((15, 0)));
        assert_eq!(parse_time("9:05"), Some((9, 5)));
        for bad in ["24:00", "12:60", "3pm", "12:5", ""] {
            assert_eq!(parse_time(bad), None, "{bad}");
        }
    }

    #[test]
    fn a_given_build_date_wins() {
        assert_eq!(build_date(Some(d(2024, 5, 1))), Ok(d(2024, 5, 1)));
    }
}
