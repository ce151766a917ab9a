package dev.glowletter.audience;

import dev.glowletter.OnPostgres;

/**
 * The same tests on PostgreSQL: the article-in-topic SQL and the digest's topics, in a
 * schema of their own (the digest's edition goes to every confirmed reader of it).
 */
@OnPostgres(schemaOfItsOwn = "article_topics")
class PostgresArticleTopicsIntegrationTest extends ArticleTopicsIntegrationTest {

}
