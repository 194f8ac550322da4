// How long who-list changes (and the presence notices that go with them) are gathered before
// one update goes out. Every flush sends each original client its whole list, so in a big room
// the flushes themselves become the load: the window grows with the room (issue: capacity),
// from `base` (100 ms, ours.md) at 200 users to 1 s at 2,000 and more.
#pragma once

#include <algorithm>
#include <chrono>
#include <cstddef>

namespace barertc::chat {

inline std::chrono::milliseconds who_window(std::size_t users, std::chrono::milliseconds base) {
    const std::chrono::milliseconds scaled{static_cast<long>(users / 2)};
    const std::chrono::milliseconds ceiling = std::max(base, std::chrono::milliseconds(1000));
    return std::clamp(scaled, base, ceiling);
}

}  // namespace barertc::chat
