// SPDX-License-Identifier: MIT
#pragma once

#include <QImage>
#include <QWidget>

#include <cstdint>
#include <vector>

namespace lada::ui {

/** uint8 [C, H, W] pixels (C = 1 or 3) as a QImage; a deep copy, safe to keep. */
QImage toQImage(const std::vector<uint8_t>& pixels, int channels, int height, int width);

/**
 * Shows an image scaled to the widget, keeping its aspect ratio. Small images (MNIST's 28 x 28) are
 * scaled up without smoothing so that their pixels stay visible as pixels.
 */
class PixelImageView : public QWidget {
    Q_OBJECT
public:
    explicit PixelImageView(QWidget* parent = nullptr);

    void setImage(const QImage& image);
    const QImage& image() const { return m_image; }
    /** A coloured frame (the focused image) or none (an invalid colour). */
    void setFrameColor(const QColor& color);

    QSize sizeHint() const override { return {112, 112}; }

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    QImage m_image;
    QColor m_frame;
};

}  // namespace lada::ui
