//===- Tcgen05InstrDescriptorTest.cpp - block-scaled idesc ----------------===//
//
// Expected words are summed by hand from the fields of the ISA's
// descriptor table for the block-scaled kinds (shown per case).
//
//===----------------------------------------------------------------------===//

#include "microscale/Target/NVIDIA/Tcgen05InstrDescriptor.h"

#include <gtest/gtest.h>

using namespace microscale::nvidia;

namespace {
uint32_t encodeOrFail(const Tcgen05BlockScaledMma &mma) {
  uint32_t idesc = 0xDEADBEEF;
  Status status = encodeTcgen05InstrDescriptor(mma, idesc);
  EXPECT_TRUE(status.ok()) << status.message();
  return idesc;
}

std::string errorOf(const Tcgen05BlockScaledMma &mma) {
  uint32_t idesc = 0;
  Status status = encodeTcgen05InstrDescriptor(mma, idesc);
  EXPECT_FALSE(status.ok());
  return status.message();
}

Tcgen05BlockScaledMma nvfp4() {
  Tcgen05BlockScaledMma mma;
  mma.kind = Tcgen05Kind::MXF4NVF4;
  mma.aType = mma.bType = Tcgen05ElementType::E2M1;
  mma.scaleType = Tcgen05ScaleType::UE4M3;
  mma.scaleBlock = 16;
  return mma;
}
} // namespace

TEST(Tcgen05InstrDescriptorTest, Nvfp4M128N256) {
  // A E2M1 1<<7 = 0x80, B E2M1 1<<10 = 0x400, N 256>>3 = 32 -> 0x400000,
  // UE4M3 = 0 at bit 23, M 128>>7 = 1 -> 0x08000000.
  Tcgen05BlockScaledMma mma = nvfp4();
  mma.n = 256;
  EXPECT_EQ(encodeOrFail(mma), 0x08400480u);
}

TEST(Tcgen05InstrDescriptorTest, Mxfp8M128N128) {
  // E4M3 = 0 for both, N 16 -> 0x200000, UE8M0 bit 23 -> 0x800000,
  // M -> 0x08000000.
  Tcgen05BlockScaledMma mma;
  EXPECT_EQ(encodeOrFail(mma), 0x08A00000u);
}

TEST(Tcgen05InstrDescriptorTest, MixedTypesPairTransposeAndScaleIds) {
  // A E2M1 5<<7 = 0x280, B E3M2 4<<10 = 0x1000, transpose B 0x10000,
  // N 64>>3 = 8 -> 0x100000, UE8M0 0x800000, M 256>>7 = 2 -> 0x10000000,
  // SFA ID 3<<29 = 0x60000000, SFB ID 1<<4 = 0x10.
  Tcgen05BlockScaledMma mma;
  mma.aType = Tcgen05ElementType::E2M1;
  mma.bType = Tcgen05ElementType::E3M2;
  mma.ctaGroup = 2;
  mma.m = 256;
  mma.n = 64;
  mma.transposeB = true;
  mma.scaleAId = 3;
  mma.scaleBId = 1;
  EXPECT_EQ(encodeOrFail(mma), 0x70911290u);
}

TEST(Tcgen05InstrDescriptorTest, Mxfp4WithNegateAndScaleIdTwo) {
  // kind::mxf4: E2M1 = 1 for A and B (0x80, 0x400), negate A 0x2000,
  // N 8 -> 1<<17 = 0x20000, UE8M0 0x800000, M 0x08000000,
  // SFA ID 2<<29 = 0x40000000, SFB ID 2<<4 = 0x20.
  Tcgen05BlockScaledMma mma;
  mma.kind = Tcgen05Kind::MXF4;
  mma.aType = mma.bType = Tcgen05ElementType::E2M1;
  mma.n = 8;
  mma.negateA = true;
  mma.scaleAId = 2;
  mma.scaleBId = 2;
  EXPECT_EQ(encodeOrFail(mma), 0x488224A0u);
}

TEST(Tcgen05InstrDescriptorTest, TypeCodesOfKindMxf8f6f4) {
  // Bits 7-9 only: E4M3 0, E5M2 1, E2M3 3, E3M2 4, E2M1 5.
  const std::pair<Tcgen05ElementType, uint32_t> codes[] = {
      {Tcgen05ElementType::E4M3, 0},
      {Tcgen05ElementType::E5M2, 1},
      {Tcgen05ElementType::E2M3, 3},
      {Tcgen05ElementType::E3M2, 4},
      {Tcgen05ElementType::E2M1, 5}};
  for (auto [type, code] : codes) {
    Tcgen05BlockScaledMma mma;
    mma.aType = type;
    EXPECT_EQ((encodeOrFail(mma) >> 7) & 0x7, code);
  }
}

TEST(Tcgen05InstrDescriptorTest, RejectsWhatTheIsaRejects) {
  Tcgen05BlockScaledMma mma = nvfp4();
  mma.aType = Tcgen05ElementType::E4M3;
  EXPECT_NE(errorOf(mma).find("e2m1"), std::string::npos);

  mma = nvfp4();
  mma.transposeA = true;
  EXPECT_NE(errorOf(mma).find("K-major"), std::string::npos);

  mma = nvfp4();
  mma.m = 64;
  EXPECT_NE(errorOf(mma).find("M 64"), std::string::npos);

  mma = nvfp4();
  mma.n = 12;
  EXPECT_NE(errorOf(mma).find("N 12"), std::string::npos);

  mma = nvfp4();
  mma.m = 256; // needs a CTA pair
  EXPECT_NE(errorOf(mma).find("cta_group::1 (128)"), std::string::npos);

  mma = nvfp4();
  mma.ctaGroup = 2;
  mma.m = 256;
  mma.n = 24;
  EXPECT_NE(errorOf(mma).find("multiple of 16"), std::string::npos);

  mma = nvfp4();
  mma.ctaGroup = 3;
  EXPECT_NE(errorOf(mma).find("cta_group::3"), std::string::npos);

  mma = nvfp4();
  mma.scaleAId = 2; // 4 scales per row: the column's 4 bytes from byte 0.
  EXPECT_NE(errorOf(mma).find("A ID 2"), std::string::npos);

  mma = nvfp4();
  mma.scaleBlock = 32; // ue4m3 needs block16
  EXPECT_NE(errorOf(mma).find("block16"), std::string::npos);

  Tcgen05BlockScaledMma fp8;
  fp8.scaleType = Tcgen05ScaleType::UE4M3;
  EXPECT_NE(errorOf(fp8).find("ue8m0"), std::string::npos);

  Tcgen05BlockScaledMma mxf4;
  mxf4.kind = Tcgen05Kind::MXF4;
  mxf4.aType = mxf4.bType = Tcgen05ElementType::E2M1;
  mxf4.scaleBId = 1;
  EXPECT_NE(errorOf(mxf4).find("B ID 1"), std::string::npos);
}
