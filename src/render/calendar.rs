//! Calendar views for templates: the site's schedule and build date → the next meeting (as
//! the home page shows it, computed at build time) and the links to `/calendar.ics`.

use super::links::Linker;
use super::Env;
use crate::model::Date;
use crate::paths;
use crate::schedule::dates;
use serde::Serialize;
use std::collections::BTreeSet;

/// The links to subscribe to the calendar.
#[derive(Serialize)]
pub struct CalendarView {
    /// `calendar.ics`, relative to the page.
    pub href: String,
    /// `webcal://…/calendar.ics`, which calendar apps open as a subscription; only when the
    /// site has an absolute `base_url`.
    pub webcal: Option<String>,
    /// The link a "subscribe" button takes: `webcal` when there is one, else `href`.
    pub subscribe_href: String,
}

/// The next scheduled meeting.
#[derive(Serialize)]
pub struct NextMeetingView {
    /// `2024-06-20`, the date where the group meets.
    pub date: String,
    /// `Thursday, Jun 20, 2024`.
    pub date_human: String,
    /// Local start time (`15:00`) and its zone (`Europe/London`), when the schedule has one.
    pub time: Option<String>,
    pub timezone: String,
    /// The start in UTC (`2024-06-20T14:00:00Z`) for `<time datetime>`, and as `14:00 UTC`.
    pub utc: Option<String>,
    pub utc_time: Option<String>,
    pub title: String,
    /// A join or details link from the schedule.
    pub url: Option<String>,
    /// `Every 2 weeks on Thursday`, when the meeting recurs.
    pub recurrence: Option<String>,
    /// Whether it is on the build date itself.
    pub today: bool,
    /// The build date the view was computed on (`2024-06-10`): a stale site says so.
    pub as_of: String,
}

pub fn calendar_view(l: &Linker) -> CalendarView {
    let url = l.absolute_url(paths::CALENDAR);
    let webcal = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .map(|rest| format!("webcal://{rest}"));
    let href = l.href(paths::CALENDAR);
    CalendarView {
        subscribe_href: webcal.clone().unwrap_or_else(|| href.clone()),
        href,
        webcal,
    }
}

/// The first scheduled meeting on or after the build date that has no minutes yet.
pub fn next_meeting(env: &Env) -> Option<NextMeetingView> {
    let schedule = env.config.schedule.as_ref()?;
    let today = env.config.build_date?;
    let held: BTreeSet<Date> = env
        .archive
        .meetings
        .iter()
        .map(|m| m.minutes.date)
        .collect();
    let next = schedule.next(today, &held)?;
    let recurrence = schedule
        .recurrence
        .as_ref()
        .filter(|r| next.date >= r.first && r.end.is_none_or(|e| next.date <= e))
        .map(|r| {
            if r.every_days % 7 == 0 {
                format!(
                    "Every {} on {}",
                    r.every_label,
                    dates::weekday_name(r.first)
                )
            } else {
                format!("Every {}", r.every_label)
            }
        });
    Some(NextMeetingView {
        date: next.date.iso(),
        date_human: format!("{}, {}", dates::weekday_name(next.date), next.date.human()),
        time: next.time.map(|(h, m)| format!("{h:02}:{m:02}")),
        timezone: schedule.timezone_name.clone(),
        utc: next.start.map(|s| s.iso()),
        utc_time: next
            .start
            .map(|s| format!("{:02}:{:02} UTC", s.hour, s.minute)),
        title: next
            .title
            .unwrap_or_else(|| format!("{} meeting", env.config.title)),
        url: next.url,
        recurrence,
        today: next.date == today,
        as_of: today.to_string(),
    })
}
