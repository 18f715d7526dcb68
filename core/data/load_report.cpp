// SPDX-License-Identifier: MIT
#include "core/data/load_report.h"

#include <cstdio>

namespace lada {

std::string LoadReport::summary(std::size_t maxListed) const
{
    char seconds[32];
    std::snprintf(seconds, sizeof seconds, "%.2f", this->seconds);
    std::string text = "loaded " + std::to_string(loaded) + " images from \"" + source + "\" in " + seconds + " s" +
                       (fromCache ? " (from the dataset cache)" : "") + "\n";
    if (!embedding.empty())
        text += "  embeddings: " + embedding + "\n";
    if (resized > 0 || channelsConverted > 0) {
        text += "  " + std::to_string(resized) + " resized, " + std::to_string(channelsConverted) +
                " converted to the split's channel count\n";
    }
    if (!skipped.empty()) {
        text += "  skipped " + std::to_string(skipped.size()) + (skipped.size() == 1 ? " file:\n" : " files:\n");
        for (std::size_t i = 0; i < skipped.size() && i < maxListed; ++i) {
            text += "    \"" + skipped[i].path + "\": " + skipped[i].reason + "\n";
        }
        if (skipped.size() > maxListed) {
            text += "    ... and " + std::to_string(skipped.size() - maxListed) + " more\n";
        }
    }
    for (const std::string& warning : warnings) {
        text += "  warning: " + warning + "\n";
    }
    return text;
}

}  // namespace lada
