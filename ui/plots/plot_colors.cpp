// SPDX-License-Identifier: MIT
#include "ui/plots/plot_colors.h"

#include <array>

namespace lada::ui {

QColor categoryColor(int index)
{
    static const std::array<QRgb, 10> kPalette = {0x4e79a7, 0xf28e2b, 0xe15759, 0x76b7b2, 0x59a14f,
                                                  0xedc948, 0xb07aa1, 0xff9da7, 0x9c755f, 0x17becf};
    const int i = index < 0 ? 0 : index % static_cast<int>(kPalette.size());
    return QColor::fromRgb(kPalette[static_cast<size_t>(i)]);
}

}  // namespace lada::ui
