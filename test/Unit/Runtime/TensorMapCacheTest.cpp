//===- TensorMapCacheTest.cpp - one device copy per distinct tensor map ---===//

#include "TensorMapCache.h"

#include <gtest/gtest.h>

#include <array>

using namespace microscale::runtime;

namespace {
struct CountingUpload {
  int calls = 0;
  uint64_t next = 0x1000;
  TensorMapCache::Upload get() {
    return [this](const void *, size_t size) {
      ++calls;
      uint64_t copy = next;
      next += size;
      return copy;
    };
  }
};
} // namespace

TEST(TensorMapCacheTest, SameBytesSameCopy) {
  TensorMapCache cache;
  CountingUpload upload;
  std::array<uint8_t, 128> map{};
  map[0] = 7;
  uint64_t first = cache.get(0, map.data(), map.size(), upload.get());
  // A map encoded again (a new struct with the same bytes) is not copied.
  std::array<uint8_t, 128> again = map;
  EXPECT_EQ(cache.get(0, again.data(), again.size(), upload.get()), first);
  EXPECT_EQ(upload.calls, 1);
  EXPECT_EQ(cache.size(), 1u);
}

TEST(TensorMapCacheTest, OtherBytesOrDeviceOtherCopy) {
  TensorMapCache cache;
  CountingUpload upload;
  std::array<uint8_t, 128> a{}, b{};
  b[127] = 1; // the last byte counts too
  uint64_t ca = cache.get(0, a.data(), a.size(), upload.get());
  uint64_t cb = cache.get(0, b.data(), b.size(), upload.get());
  uint64_t other = cache.get(1, a.data(), a.size(), upload.get());
  EXPECT_NE(ca, cb);
  EXPECT_NE(ca, other);
  EXPECT_NE(cb, other);
  EXPECT_EQ(upload.calls, 3);
  EXPECT_EQ(cache.get(1, a.data(), a.size(), upload.get()), other);
  EXPECT_EQ(upload.calls, 3);
}
