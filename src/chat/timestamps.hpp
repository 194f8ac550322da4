// The timestamp formats the protocol and the site's webhooks use, all in UTC.
#pragma once

#include <cstdint>
#include <string>

namespace barertc::chat {

// "2006-01-02T15:04:05Z": echo items, DM history, ban expiry, report timestamps.
std::string rfc3339(std::int64_t unix_seconds);

// "Mon, 02 Jan 2006 15:04:05 UTC": the original's timestamp for automatic reports.
std::string rfc1123(std::int64_t unix_seconds);

}  // namespace barertc::chat
