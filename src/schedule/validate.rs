//! `[schedule]` as written in `site.toml` → a validated [`Schedule`], or an error naming the
//! line and saying what is expected.

use super::{dates, Recurrence, Schedule, Upcoming};
use crate::error::{Error, Result};
use crate::model::Date;
use serde::Deserialize;
use std::collections::BTreeSet;

/// `[schedule]` as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSchedule {
    every: Option<String>,
    weekday: Option<String>,
    time: Option<String>,
    timezone: Option<String>,
    start: Option<String>,
    end: Option<String>,
    #[serde(default)]
    except: Vec<String>,
    duration: Option<String>,
    title: Option<String>,
    url: Option<String>,
    #[serde(default)]
    upcoming: Vec<RawUpcoming>,
}

/// One `upcoming = [{ date, time, title, url }]` entry as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawUpcoming {
    date: String,
    time: Option<String>,
    title: Option<String>,
    url: Option<String>,
}

/// Where a `[schedule]` key sits in the file, for messages: `site.toml:12:1`.
struct Locator<'a> {
    text: &'a str,
    label: &'a str,
}

impl Locator<'_> {
    /// The line of `key = …` inside `[schedule]` (or the line holding `value`), else the
    /// `[schedule]` header's line.
    fn at(&self, key: &str, value: Option<&str>) -> String {
        let lines: Vec<&str> = self.text.lines().collect();
        let header = lines
            .iter()
            .position(|l| l.trim_start().starts_with("[schedule"))
            .unwrap_or(0);
        let found = lines.iter().enumerate().skip(header).find(|(_, l)| {
            let t = l.trim_start();
            match value {
                Some(v) => t.contains(&format!("{v:?}")),
                None => t
                    .strip_prefix(key)
                    .is_some_and(|rest| rest.trim_start().starts_with('=')),
            }
        });
        let line = found.map_or(header, |(i, _)| i) + 1;
        format!("{}:{line}:1", self.label)
    }

    fn error(&self, key: &str, value: Option<&str>, message: String) -> Error {
        Error::Config(format!(
            "{}: error: [schedule] {message}",
            self.at(key, value)
        ))
    }
}

fn parse_date(s: &str) -> Option<Date> {
    crate::minutes::date::parse_iso(s.trim())
}

/// `2 weeks`, `1 week`, `week`, `14 days`, `fortnight` → days.
pub(super) fn parse_every(text: &str) -> Option<u32> {
    let t = text.trim().to_ascii_lowercase();
    if t == "fortnight" {
        return Some(14);
    }
    let (n, unit) = match t.split_once(char::is_whitespace) {
        Some((n, unit)) => (n.parse::<u32>().ok()?, unit.trim()),
        None => (1, t.as_str()),
    };
    let per = match unit {
        "week" | "weeks" => 7,
        "day" | "days" => 1,
        _ => return None,
    };
    (1..=52).contains(&n).then_some(n * per)
}

/// `1 hour`, `90 minutes`, `45 min`, `1.5 hours` → minutes.
pub(super) fn parse_duration(text: &str) -> Option<u32> {
    let t = text.trim().to_ascii_lowercase();
    let (n, unit) = t.split_once(char::is_whitespace)?;
    let n: f64 = n.parse().ok()?;
    let per = match unit.trim() {
        "hour" | "hours" | "h" => 60.0,
        "minute" | "minutes" | "min" | "mins" => 1.0,
        _ => return None,
    };
    let minutes = (n * per).round();
    (1.0..=1440.0).contains(&minutes).then_some(minutes as u32)
}

/// The time zone named `name`: `UTC`, or an IANA name from the compiled-in database.
fn time_zone(name: &str) -> Option<jiff::tz::TimeZone> {
    if name.eq_ignore_ascii_case("utc") {
        return Some(jiff::tz::TimeZone::UTC);
    }
    jiff::tz::TimeZone::get(name).ok()
}

/// Validates `[schedule]`; `text` and `label` are the file's text and name, for messages.
pub fn validate(raw: RawSchedule, text: &str, label: &str) -> Result<Schedule> {
    let loc = Locator { text, label };
    let timezone_name = raw.timezone.clone().unwrap_or_else(|| "UTC".to_string());
    let timezone = time_zone(&timezone_name).ok_or_else(|| {
        loc.error(
            "timezone",
            None,
            format!(
                "unknown time zone {timezone_name:?}: use \"UTC\" or an IANA name such as \"America/New_York\" or \"Europe/London\""
            ),
        )
    })?;
    let timezone_name = if timezone_name.eq_ignore_ascii_case("utc") {
        "UTC".to_string()
    } else {
        timezone_name
    };
    let time = match raw.time.as_deref() {
        None => None,
        Some(t) => Some(dates::parse_time(t).ok_or_else(|| {
            loc.error(
                "time",
                None,
                format!("`time` must be a 24-hour HH:MM time such as \"15:00\", found {t:?}"),
            )
        })?),
    };
    let duration_minutes = match raw.duration.as_deref() {
        None => 60,
        Some(d) => parse_duration(d).ok_or_else(|| {
            loc.error(
                "duration",
                None,
                format!("`duration` must read like \"1 hour\" or \"90 minutes\" (at most a day), found {d:?}"),
            )
        })?,
    };
    let recurrence = recurrence(&raw, &loc)?;
    let mut upcoming = Vec::new();
    let mut seen = BTreeSet::new();
    for u in &raw.upcoming {
        let date = parse_date(&u.date).ok_or_else(|| {
            loc.error(
                "upcoming",
                Some(&u.date),
                format!(
                    "upcoming `date` must be a valid YYYY-MM-DD date, found {:?}",
                    u.date
                ),
            )
        })?;
        if !seen.insert(date) {
            return Err(loc.error(
                "upcoming",
                Some(&u.date),
                format!("upcoming lists {date} twice"),
            ));
        }
        let time = match u.time.as_deref() {
            None => None,
            Some(t) => Some(dates::parse_time(t).ok_or_else(|| {
                loc.error(
                    "upcoming",
                    Some(t),
                    format!("upcoming {date}: `time` must be a 24-hour HH:MM time, found {t:?}"),
                )
            })?),
        };
        upcoming.push(Upcoming {
            date,
            time,
            title: u.title.clone().filter(|t| !t.trim().is_empty()),
            url: u.url.clone().filter(|t| !t.trim().is_empty()),
        });
    }
    upcoming.sort_by_key(|u| u.date);
    Ok(Schedule {
        recurrence,
        upcoming,
        timezone_name,
        timezone,
        time,
        duration_minutes,
        title: raw.title.filter(|t| !t.trim().is_empty()),
        url: raw.url.filter(|t| !t.trim().is_empty()),
    })
}

fn recurrence(raw: &RawSchedule, loc: &Locator) -> Result<Option<Recurrence>> {
    let Some(every) = raw.every.as_deref() else {
        for (key, set) in [
            ("weekday", raw.weekday.is_some()),
            ("start", raw.start.is_some()),
            ("end", raw.end.is_some()),
            ("except", !raw.except.is_empty()),
        ] {
            if set {
                return Err(loc.error(
                    key,
                    None,
                    format!("`{key}` belongs to a recurrence: add `every = \"1 week\"` (or \"2 weeks\", …)"),
                ));
            }
        }
        return Ok(None);
    };
    let every_days = parse_every(every).ok_or_else(|| {
        loc.error(
            "every",
            None,
            format!("`every` must read like \"1 week\", \"2 weeks\" or \"14 days\" (1 to 52), found {every:?}"),
        )
    })?;
    let start_text = raw.start.as_deref().ok_or_else(|| {
        loc.error(
            "every",
            None,
            "a recurrence needs `start = \"YYYY-MM-DD\"`, the date of one meeting of the series"
                .to_string(),
        )
    })?;
    let start = parse_date(start_text).ok_or_else(|| {
        loc.error(
            "start",
            None,
            format!("`start` must be a valid YYYY-MM-DD date, found {start_text:?}"),
        )
    })?;
    let mut first = start;
    if let Some(w) = raw.weekday.as_deref() {
        let day = dates::parse_weekday(w).ok_or_else(|| {
            loc.error(
                "weekday",
                None,
                format!("`weekday` must be a day of the week such as \"thursday\", found {w:?}"),
            )
        })?;
        if every_days % 7 != 0 {
            return Err(loc.error(
                "weekday",
                None,
                format!("`weekday` needs `every` in weeks, but `every` is {every:?}"),
            ));
        }
        // The first meeting is the first such weekday on or after `start`.
        let ahead = (day + 7 - dates::weekday(start)) % 7;
        first = dates::add_days(start, ahead as i64).unwrap_or(start);
    }
    let end = match raw.end.as_deref() {
        None => None,
        Some(e) => Some(parse_date(e).filter(|d| *d >= first).ok_or_else(|| {
            loc.error(
                "end",
                None,
                format!("`end` must be a valid YYYY-MM-DD date on or after {first}, found {e:?}"),
            )
        })?),
    };
    let mut r = Recurrence {
        every_days,
        first,
        end,
        except: BTreeSet::new(),
        every_label: every.trim().to_string(),
    };
    for e in &raw.except {
        let date = parse_date(e).ok_or_else(|| {
            loc.error(
                "except",
                Some(e),
                format!("`except` dates must be valid YYYY-MM-DD dates, found {e:?}"),
            )
        })?;
        // A date off the series is a typo that would silently keep the meeting.
        let offset = date.days_since_epoch() - first.days_since_epoch();
        if offset < 0 || offset % i64::from(every_days) != 0 || r.end.is_some_and(|end| date > end)
        {
            return Err(loc.error(
                "except",
                Some(e),
                format!(
                    "`except` date {date} is not a meeting of the series (every {} from {first}, a {})",
                    r.every_label,
                    dates::weekday_name(first)
                ),
            ));
        }
        r.except.insert(date);
    }
    Ok(Some(r))
}
