package io.piglix.example.cdi;

/**
 * A product, cached by value in piglix.
 *
 * @param sku the stock keeping unit, the key
 * @param name the display name
 * @param priceCents the price in cents
 */
public record Product(String sku, String name, long priceCents) {
}
