// SPDX-License-Identifier: MIT
#pragma once

#include "core/data/dataset.h"

#include <cstdint>
#include <optional>

namespace lada {

/** Who answers labels: a person in the workbench, or the ground truth in a simulated run. */
class Oracle {
public:
    virtual ~Oracle() = default;
    /** The class of dataset row `index`, or nullopt when the image is skipped. */
    virtual std::optional<int64_t> label(int64_t index) = 0;
};

/** Answers from the dataset's own labels; throws DataError for a row whose label is unknown (-1). */
class SimulatedOracle : public Oracle {
public:
    explicit SimulatedOracle(const Dataset& dataset)
        : m_dataset(dataset)
    {
    }
    std::optional<int64_t> label(int64_t index) override;

private:
    const Dataset& m_dataset;
};

}  // namespace lada
