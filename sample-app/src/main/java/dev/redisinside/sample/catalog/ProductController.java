package dev.redisinside.sample.catalog;

import java.util.Map;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

@RestController
class ProductController {

    private final ProductCatalog catalog;

    ProductController(ProductCatalog catalog) {
        this.catalog = catalog;
    }

    @GetMapping("/products/{id}")
    Map<String, Object> product(@PathVariable String id) {
        Product product = this.catalog.find(id);
        return Map.of("product", product, "backendLoads", this.catalog.loads());
    }

    @DeleteMapping("/products/{id}/cache")
    ResponseEntity<Void> evict(@PathVariable String id) {
        this.catalog.evict(id);
        return ResponseEntity.noContent().build();
    }
}
