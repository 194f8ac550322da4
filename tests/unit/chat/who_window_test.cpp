// The who-list window: short in ordinary rooms, longer as the room grows, never unbounded.
#include "chat/who_window.hpp"

#include <gtest/gtest.h>

using barertc::chat::who_window;
using std::chrono::milliseconds;

TEST(WhoWindow, StaysAtTheBaseInOrdinaryRoomsAndGrowsWithBigOnesUpToASecond) {
    const milliseconds base{100};
    EXPECT_EQ(who_window(0, base), base);
    EXPECT_EQ(who_window(200, base), base);
    EXPECT_EQ(who_window(1000, base), milliseconds(500));
    EXPECT_EQ(who_window(2000, base), milliseconds(1000));
    EXPECT_EQ(who_window(50000, base), milliseconds(1000));
    // A base set above the ceiling (tests, slow sites) is kept as it is.
    EXPECT_EQ(who_window(10, milliseconds(1500)), milliseconds(1500));
    EXPECT_EQ(who_window(10, milliseconds(0)), milliseconds(5));
}
