//===- MicroscaleAttrs.td - scheme attribute and enums ------*- tablegen -*-===//

#ifndef MICROSCALE_ATTRS_TD
#define MICROSCALE_ATTRS_TD

include "microscale/Dialect/Microscale/IR/MicroscaleDialect.td"
include "mlir/IR/AttrTypeBase.td"
include "mlir/IR/EnumAttr.td"

//===----------------------------------------------------------------------===//
// Enums
//===----------------------------------------------------------------------===//

def Microscale_ScaleRounding : I32EnumAttr<"ScaleRounding",
    "how an E8M0 block scale exponent is derived from the block's amax", [
      I32EnumAttrCase<"floor", 0>,
      I32EnumAttrCase<"rceil", 1>
    ]> {
  let genSpecializedAttr = 0;
  let cppNamespace = "::mlir::microscale";
}

def Microscale_ScaleRoundingAttr
    : EnumAttr<Microscale_Dialect, Microscale_ScaleRounding, "scale_rounding">;

def Microscale_ScaleLayout : I32EnumAttr<"ScaleLayout",
    "how block scale bytes are laid out in storage", [
      I32EnumAttrCase<"row_major", 0>,
      I32EnumAttrCase<"swizzled", 1>
    ]> {
  let genSpecializedAttr = 0;
  let cppNamespace = "::mlir::microscale";
}

def Microscale_ScaleLayoutAttr
    : EnumAttr<Microscale_Dialect, Microscale_ScaleLayout, "scale_layout">;

//===----------------------------------------------------------------------===//
// SchemeAttr
//===----------------------------------------------------------------------===//

def Microscale_SchemeAttr : AttrDef<Microscale_Dialect, "Scheme"> {
  let mnemonic = "scheme";
  let summary = "a block-scaling scheme: element format, block size, scale format";
  let description = [{
    Describes how a `!microscale.tensor` is scaled. The named schemes are

    | name         | element  | block | scale     | global f32 |
    |--------------|----------|-------|-----------|------------|
    | `mxfp8_e4m3` | f8E4M3FN | 32    | f8E8M0FNU | no         |
    | `mxfp8_e5m2` | f8E5M2   | 32    | f8E8M0FNU | no         |
    | `mxfp6_e2m3` | f6E2M3FN | 32    | f8E8M0FNU | no         |
    | `mxfp6_e3m2` | f6E3M2FN | 32    | f8E8M0FNU | no         |
    | `mxfp4`      | f4E2M1FN | 32    | f8E8M0FNU | no         |
    | `mxint8`     | i8       | 32    | f8E8M0FNU | no         |
    | `nvfp4`      | f4E2M1FN | 16    | f8E4M3FN  | yes        |

    and any other combination is written out in full:

    ```mlir
    #microscale.scheme<mxfp4>
    #microscale.scheme<f4E2M1FN, block = 64, scale = f8E8M0FNU>
    #microscale.scheme<f4E2M1FN, block = 32, scale = f8E4M3FN, global>
    ```

    A scheme whose parameters match a named one always prints by its name.
    The block size must be a power of two and a multiple of the element
    packing unit (2 for FP4, 4 for FP6). E8M0 scales go with every element
    format; E4M3 (UE4M3) scales only with FP4 elements, where NVFP4 uses
    them, and a per-tensor global scale only with E4M3 block scales.
  }];
  let parameters = (ins
    "::mlir::Type":$elementType,
    "int64_t":$blockSize,
    "::mlir::Type":$scaleType,
    "bool":$hasGlobal
  );
  let hasCustomAssemblyFormat = 1;
  let genVerifyDecl = 1;
  let extraClassDeclaration = [{
    /// The scheme of the given name, or null if no scheme has that name.
    static SchemeAttr getNamed(::mlir::MLIRContext *context,
                               ::llvm::StringRef name);
    /// The name of this scheme if it is one of the named schemes, else "".
    ::llvm::StringRef getName() const;

    /// Bits per stored element: 4, 6 or 8.
    unsigned getElementBits() const;
    /// Elements that share whole bytes in storage: 2 for FP4, 4 for FP6,
    /// else 1.
    unsigned getPackingUnit() const;
    /// Bytes that `elements` elements (a multiple of the packing unit)
    /// occupy in storage.
    int64_t getStorageBytes(int64_t elements) const;
    /// True when the block scales are E8M0 powers of two (the MX schemes).
    bool hasE8M0Scales() const;
    /// The same scheme in the numerics core's terms.
    ::microscale::formats::Scheme toFormats() const;
  }];
}

#endif // MICROSCALE_ATTRS_TD
