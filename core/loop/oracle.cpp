// SPDX-License-Identifier: MIT
#include "core/loop/oracle.h"

#include "core/error.h"

namespace lada {

std::optional<int64_t> SimulatedOracle::label(int64_t index)
{
    const int64_t y = m_dataset.labels[index].item<int64_t>();
    if (y < 0)
        throw DataError("the simulated oracle has no label for \"" + m_dataset.paths[static_cast<size_t>(index)] +
                        "\": open a labeled folder, or label it by hand");
    return y;
}

}  // namespace lada
