// A token bucket: `burst` actions at once, refilled at `per_second`.
#pragma once

#include "chat/limits.hpp"

#include <algorithm>

namespace barertc::chat {

class TokenBucket {
public:
    TokenBucket() = default;
    explicit TokenBucket(RateSpec spec) : spec_(spec), tokens_(spec.burst) {}

    // `now` is in seconds on a monotonic clock.
    bool take(double now) {
        if (last_ > 0) tokens_ = std::min(spec_.burst, tokens_ + (now - last_) * spec_.per_second);
        last_ = now;
        if (tokens_ < 1.0) return false;
        tokens_ -= 1.0;
        return true;
    }

private:
    RateSpec spec_{1.0, 1.0};
    double tokens_ = 1.0;
    double last_ = 0;
};

}  // namespace barertc::chat
