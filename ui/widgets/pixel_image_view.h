// SPDX-License-Identifier: MIT
#pragma once

#include <QImage>
#include <QWidget>

#include <cstdint>
#include <vector>

namespace lada::ui {

/** uint8 [C, H, W] pixels (C = 1 or 3) as a QImage; a deep copy, safe to keep. */
QImage toQImage(const std::vector<uint8_t>& pixels, int channels, int height, int width);

/** Images whose long side is at most this many pixels (MNIST 28, CIFAR 32) are drawn as pixel art. */
inline constexpr int kPixelArtLongSide = 64;
/** The long side, in logical (device-independent) pixels, a photo is drawn at on a card at least. */
inline constexpr int kPhotoLongSide = 224;

/** How a card draws an image of a given size: the smallest drawn size and the scaling mode. */
struct ImageScaling {
    /** The image's smallest drawn size, aspect ratio kept; empty for pixel art (the view's own minimum). */
    QSize minimumImageSize;
    /** Qt::FastTransformation (nearest neighbour) for pixel art, Qt::SmoothTransformation for photos. */
    Qt::TransformationMode mode = Qt::FastTransformation;
};

/**
 * The scaling rule of card images: pixel art (long side <= kPixelArtLongSide) is scaled without smoothing
 * so that a 28 x 28 digit shows its pixels rather than a blur; anything larger is a photo, drawn smoothly
 * with a long side of at least kPhotoLongSide so that it can be recognised.
 */
ImageScaling cardImageScaling(const QSize& imageSize);

/**
 * Shows an image scaled to the widget, keeping its aspect ratio, by the rule of cardImageScaling: pixel
 * art scaled up blocky at the caller's size, photos smooth and never smaller than kPhotoLongSide.
 */
class PixelImageView : public QWidget {
    Q_OBJECT
public:
    explicit PixelImageView(QWidget* parent = nullptr);

    /** Shows `image`; a photo raises the view's minimum size to fit it at kPhotoLongSide. */
    void setImage(const QImage& image);
    const QImage& image() const { return m_image; }
    /** The minimum size of the view while it shows pixel art (or nothing); photos get their own. */
    void setPixelArtMinimumSize(const QSize& size);
    /** A coloured frame (the focused image) or none (an invalid colour). */
    void setFrameColor(const QColor& color);

    /** How the image is scaled: nearest neighbour for pixel art, smooth for photos. */
    Qt::TransformationMode transformationMode() const { return m_scaling.mode; }
    /** Where the image is drawn in the widget (aspect ratio kept, centred); empty without an image. */
    QRect imageRect() const;

    QSize sizeHint() const override;

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    void updateMinimumSize();

    QImage m_image;
    ImageScaling m_scaling;
    QSize m_pixelArtMinimum{56, 56};
    QImage m_scaled;  ///< the photo smoothly scaled to imageRect's size in device pixels, kept between paints
    QColor m_frame;
};

}  // namespace lada::ui
