package io.conduit.server.invoke;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.conduit.api.Request;
import io.conduit.api.TypedService;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import java.io.IOException;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Binds a request to a {@link TypedService}'s input type and validates it: the JSON body, then the
 * path parameters over it, then the query parameters for fields the body lacks, matched by name;
 * then the type's Bean Validation constraints. The types are read once per service class.
 */
public final class TypedInputs {

    private final ObjectMapper mapper;
    private final Validator validator;
    private final ClassValue<JavaType[]> types = new ClassValue<>() {
        @Override
        protected JavaType[] computeValue(Class<?> type) {
            if (!TypedService.class.isAssignableFrom(type)) {
                return null;
            }
            JavaType[] params = mapper.getTypeFactory().constructType(type).findTypeParameters(TypedService.class);
            return params.length == 2 ? params : null;
        }
    };

    public TypedInputs(ObjectMapper mapper, Validator validator) {
        this.mapper = mapper;
        this.validator = validator;
    }

    /**
     * @param serviceClass a service's class
     * @return its input type, or {@code null} when it is not a typed service
     */
    public JavaType inputType(Class<?> serviceClass) {
        JavaType[] t = types.get(serviceClass);
        return t == null ? null : t[0];
    }

    /**
     * @param serviceClass a service's class
     * @return its output type, or {@code null} when it is not a typed service
     */
    public JavaType outputType(Class<?> serviceClass) {
        JavaType[] t = types.get(serviceClass);
        return t == null ? null : t[1];
    }

    /**
     * @param type    the input type
     * @param request the request
     * @return the input, bound and valid
     * @throws InvalidRequestException listing what is wrong
     */
    public Object bind(JavaType type, Request request) {
        JsonNode payload = request.payload();
        if (!payload.isObject() && !payload.isNull() && !payload.isMissingNode()) {
            throw new InvalidRequestException("the request body must be a JSON object", List.of(
                    new InvalidRequestException.FieldError("", "must be a JSON object, not " + payload.getNodeType()
                            .name().toLowerCase(java.util.Locale.ROOT))));
        }
        ObjectNode fields = payload.isObject() ? ((ObjectNode) payload).deepCopy() : mapper.createObjectNode();
        for (BeanPropertyDefinition property : mapper.getDeserializationConfig().introspect(type).findProperties()) {
            String name = property.getName();
            String fromPath = request.pathParam(name);
            List<String> fromQuery = request.queryParams().get(name);
            if (fromPath != null) {
                fields.put(name, fromPath);
            } else if (fromQuery != null && !fromQuery.isEmpty() && !fields.has(name)) {
                JavaType t = property.getPrimaryType();
                if (t != null && (t.isCollectionLikeType() || t.isArrayType())) {
                    ArrayNode values = fields.putArray(name);
                    fromQuery.forEach(values::add);
                } else {
                    fields.put(name, fromQuery.get(0));
                }
            }
        }
        Object input;
        try {
            ObjectReader reader = mapper.readerFor(type).without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
            input = reader.readValue(fields);
        } catch (JsonMappingException e) {
            String field = path(e.getPath());
            throw new InvalidRequestException("the request does not fit " + type.getRawClass().getSimpleName()
                    + (field.isEmpty() ? "" : ": " + field + " is wrong"),
                    List.of(new InvalidRequestException.FieldError(field, describe(e))));
        } catch (IOException e) {
            throw new InvalidRequestException("the request does not fit " + type.getRawClass().getSimpleName(),
                    List.of(new InvalidRequestException.FieldError("", e.getMessage())));
        }
        Set<ConstraintViolation<Object>> violations = input == null ? Set.of() : validator.validate(input);
        if (!violations.isEmpty()) {
            List<InvalidRequestException.FieldError> errors = violations.stream()
                    .map(v -> new InvalidRequestException.FieldError(v.getPropertyPath().toString(), v.getMessage()))
                    .sorted(Comparator.comparing(InvalidRequestException.FieldError::field)
                            .thenComparing(InvalidRequestException.FieldError::message))
                    .toList();
            throw new InvalidRequestException(errors.size() == 1 ? "1 field is not valid"
                    : errors.size() + " fields are not valid", errors);
        }
        return input;
    }

    private static String path(List<JsonMappingException.Reference> references) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference r : references) {
            if (r.getFieldName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                path.append('[').append(r.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static String describe(JsonMappingException e) {
        if (e instanceof com.fasterxml.jackson.databind.exc.MismatchedInputException m && m.getTargetType() != null) {
            Class<?> t = m.getTargetType();
            String what = Map.<Class<?>, String>of(Integer.class, "an integer", int.class, "an integer",
                    Long.class, "an integer", long.class, "an integer", Double.class, "a number", double.class,
                    "a number", Boolean.class, "true or false", boolean.class, "true or false",
                    String.class, "a string").getOrDefault(t, "a " + t.getSimpleName());
            return "must be " + what;
        }
        String message = e.getOriginalMessage();
        return message.length() > 200 ? message.substring(0, 200) : message;
    }
}
